import { isMeasurable, isObjectiveOverdue, isOverdue, planCompleteness, sectionState } from 'c/abmPlanUtils';

it.each([
    ['', 'empty'],
    ['   \n ', 'empty'],
    ['TBD', 'placeholder'],
    ['  t.b.d. ', 'short'],
    ['N/A', 'placeholder'],
    ['To do!', 'placeholder'],
    ['...', 'placeholder'],
    ['Webinar series.', 'short'],
    ['Land the pilot, then expand.', 'written'],
    ['x'.repeat(500), 'short'],
    ['Pilot im Werk Köln, danach Ausbau auf alle Standorte.', 'written']
])('a section holding %j is %s', (text, state) => {
    expect(sectionState(text)).toBe(state);
});

it('counts an objective as measurable only with metric, target, owner and due date', () => {
    const objective = { metric: 'Trucks live', target: '150', ownerId: '005', dueDate: '2026-06-30' };
    expect(isMeasurable(objective)).toBe(true);
    for (const key of Object.keys(objective)) {
        expect(isMeasurable({ ...objective, [key]: null })).toBe(false);
    }
});

it('marks open items past their due date as overdue, never finished ones', () => {
    expect(isOverdue({ dueDate: '2026-03-09', status: 'In Progress' }, '2026-03-10')).toBe(true);
    expect(isOverdue({ dueDate: '2026-03-10', status: 'In Progress' }, '2026-03-10')).toBe(false);
    expect(isOverdue({ dueDate: '2026-03-01', status: 'Done' }, '2026-03-10')).toBe(false);
    expect(isOverdue({ dueDate: null, status: 'Blocked' }, '2026-03-10')).toBe(false);
    expect(isObjectiveOverdue({ dueDate: '2026-03-01', status: 'Achieved' }, '2026-03-10')).toBe(false);
    expect(isObjectiveOverdue({ dueDate: '2026-03-01', status: 'At Risk' }, '2026-03-10')).toBe(true);
});

it('is 100% for a plan that says everything, has a live action plan, a full committee and a fresh review', () => {
    const view = {
        sections: [{ value: 'One two three four five.' }, { value: 'Six seven eight nine ten.' }],
        objectives: [{ metric: 'm', target: 't', ownerId: 'o', dueDate: '2026-06-01' }],
        actions: [{ ownerId: 'o', contactId: 'c', dueDate: '2026-04-01', status: 'Not Started' }],
        committee: { gaps: [{ code: 'FEW_ENGAGED' }] }
    };
    const result = planCompleteness(view, { state: 'due' }, '2026-03-10');
    expect(result.percent).toBe(100);
    expect(result.criteria.every((c) => c.met)).toBe(true);
});

it('gives partial credit for sections and none for an action plan with an overdue step', () => {
    const view = {
        sections: [{ value: 'One two three four five.' }, { value: 'TBD' }, { value: '' }, { value: 'short text' }],
        objectives: [{ metric: 'm', target: null, ownerId: 'o', dueDate: '2026-06-01' }],
        actions: [
            { ownerId: 'o', contactId: 'c', dueDate: '2026-04-01', status: 'Not Started' },
            { ownerId: 'o', contactId: 'c', dueDate: '2026-03-01', status: 'In Progress' }
        ],
        committee: { gaps: [{ code: 'CHAMPION_LEFT' }] }
    };
    const result = planCompleteness(view, { state: 'overdue' }, '2026-03-10');
    expect(result.criteria.map((c) => [c.key, c.score])).toEqual([
        ['sections', 0.25],
        ['objectives', 0],
        ['actions', 0],
        ['committee', 0],
        ['review', 0]
    ]);
    expect(result.percent).toBe(5);
});

it('is 0% for an empty plan and does not fail on missing parts', () => {
    expect(planCompleteness({}, { state: 'never' }, '2026-03-10').percent).toBe(0);
    expect(planCompleteness(undefined, undefined, undefined).percent).toBe(0);
});
