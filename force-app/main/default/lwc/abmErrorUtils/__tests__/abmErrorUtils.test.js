import { reduceErrors } from 'c/abmErrorUtils';

describe('reduceErrors', () => {
    it.each([
        ['a UI API array body', { body: [{ message: 'A' }, { message: 'B' }] }, ['A', 'B']],
        ['an Apex AuraHandledException', { body: { message: 'Apex said no' } }, ['Apex said no']],
        ['DML page errors', { body: { pageErrors: [{ message: 'Page error' }] } }, ['Page error']],
        ['DML field errors', { body: { fieldErrors: { Name: [{ message: 'Name is required' }] } } }, ['Name is required']],
        [
            'LDS output errors',
            { body: { output: { errors: [{ message: 'Out' }], fieldErrors: { X: [{ message: 'Field' }] } } } },
            ['Out', 'Field']
        ],
        ['a JS Error', new Error('JS broke'), ['JS broke']],
        ['a fetch error', { statusText: 'Service Unavailable' }, ['Service Unavailable']],
        ['a string', 'plain text', ['plain text']],
        ['a list of shapes with blanks', [null, { body: { message: 'one' } }, undefined, new Error('two')], ['one', 'two']],
        ['nothing', undefined, []]
    ])('reads %s', (_name, error, expected) => {
        expect(reduceErrors(error)).toEqual(expected);
    });
});
