import { ShowToastEvent } from 'lightning/platformShowToastEvent';

/**
 * Normalises the error shapes a component meets into a list of readable messages:
 * UI API / LDS errors (body array or body.message), Apex (AuraHandledException body.message), DML page and field errors
 * (body.pageErrors, body.fieldErrors, body.output.errors / output.fieldErrors), fetch errors (statusText) and JS Errors.
 * @param {*} errors one error or an array of them (falsy entries ignored)
 * @returns {string[]} messages, in order, without blanks
 */
export function reduceErrors(errors) {
    return [errors]
        .flat()
        .filter(Boolean)
        .flatMap((error) => {
            if (typeof error === 'string') {
                return [error];
            }
            const body = error.body;
            if (Array.isArray(body)) {
                return body.map((entry) => entry && entry.message);
            }
            if (body && typeof body === 'object') {
                const messages = [];
                (body.pageErrors || []).forEach((p) => messages.push(p.message));
                Object.values(body.fieldErrors || {}).forEach((list) => list.forEach((f) => messages.push(f.message)));
                const output = body.output || {};
                (output.errors || []).forEach((o) => messages.push(o.message));
                Object.values(output.fieldErrors || {}).forEach((list) => list.forEach((f) => messages.push(f.message)));
                if (messages.length) {
                    return messages;
                }
                if (body.message) {
                    return [body.message];
                }
            }
            return [error.message || error.statusText];
        })
        .filter((message) => typeof message === 'string' && message.trim() !== '');
}

/**
 * Dispatches an error toast whose message is every reduced error message.
 * @param {EventTarget} cmp the component
 * @param {string} title toast title
 * @param {*} error the error
 */
export function toastError(cmp, title, error) {
    cmp.dispatchEvent(new ShowToastEvent({ title, message: reduceErrors(error).join(' '), variant: 'error' }));
}

/**
 * Dispatches a success toast.
 * @param {EventTarget} cmp the component
 * @param {string} title toast title
 * @param {string} message toast message
 */
export function toastSuccess(cmp, title, message) {
    cmp.dispatchEvent(new ShowToastEvent({ title, message, variant: 'success' }));
}
