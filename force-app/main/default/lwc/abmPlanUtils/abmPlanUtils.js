/**
 * Completeness of an account plan from its content, not its length: a section counts when it says something (enough
 * words, not a placeholder such as "TBD"); the plan counts when it has measurable objectives, a live mutual action
 * plan, a full buying committee and a review this quarter. Pure functions (no platform imports).
 */

/** Words a section needs before it counts as written. */
export const MIN_WORDS = 5;

/** Texts that hold a place instead of saying something (compared without case, punctuation and spaces). */
const PLACEHOLDERS = new Set([
    'tbd',
    'tba',
    'todo',
    'to do',
    'tbc',
    'na',
    'n a',
    'none',
    'nothing',
    'wip',
    'xxx',
    'x',
    'lorem ipsum',
    'test',
    'asdf'
]);

/** Objective and step statuses that are final. */
const DONE_OBJECTIVE = new Set(['Achieved', 'Missed']);
const DONE_ACTION = new Set(['Done']);

/**
 * @param {string} text section text
 * @returns {'empty'|'placeholder'|'short'|'written'} what the section holds
 */
export function sectionState(text) {
    const trimmed = String(text ?? '').trim();
    if (!trimmed) {
        return 'empty';
    }
    const normalized = trimmed
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
    if (!normalized || PLACEHOLDERS.has(normalized)) {
        return 'placeholder';
    }
    const words = normalized.split(' ').filter(Boolean);
    return words.length < MIN_WORDS ? 'short' : 'written';
}

/** @returns {boolean} the objective is measurable and owned: metric, target, owner and due date. */
export function isMeasurable(objective) {
    return Boolean(objective && objective.metric && objective.target && objective.ownerId && objective.dueDate);
}

/** @returns {boolean} the step is open and past its due date */
export function isOverdue(action, today) {
    return Boolean(action && action.dueDate && today && !DONE_ACTION.has(action.status) && action.dueDate < today);
}

/** @returns {boolean} the objective is open and past its due date */
export function isObjectiveOverdue(objective, today) {
    return Boolean(objective && objective.dueDate && today && !DONE_OBJECTIVE.has(objective.status) && objective.dueDate < today);
}

/**
 * The plan's completeness checklist. Each criterion scores 0-1 (sections score the share written), the plan's percent
 * is the average.
 * @param {{sections: Array, objectives: Array, actions: Array, committee: object}} view the plan view
 * @param {{state: string}} review the review state (reviewState in abmFormatUtils)
 * @param {string} today ISO date
 * @returns {{percent: number, criteria: Array<{key: string, score: number, met: boolean, count: number, total: number}>}}
 */
export function planCompleteness(view, review, today) {
    const sections = view?.sections || [];
    const written = sections.filter((s) => sectionState(s.value) === 'written').length;
    const objectives = view?.objectives || [];
    const measurable = objectives.filter(isMeasurable).length;
    const actions = view?.actions || [];
    const open = actions.filter((a) => !DONE_ACTION.has(a.status));
    const nextStep = open.filter((a) => a.dueDate && a.ownerId && a.contactId).length;
    const overdue = actions.filter((a) => isOverdue(a, today)).length;
    const missingRoles = (view?.committee?.gaps || []).filter((g) => g.code === 'MISSING_ROLE' || g.code === 'CHAMPION_LEFT').length;
    const criteria = [
        { key: 'sections', score: sections.length ? written / sections.length : 0, count: written, total: sections.length },
        { key: 'objectives', score: measurable > 0 ? 1 : 0, count: measurable, total: objectives.length },
        { key: 'actions', score: nextStep > 0 && overdue === 0 ? 1 : 0, count: nextStep, total: overdue },
        { key: 'committee', score: view?.committee && missingRoles === 0 ? 1 : 0, count: missingRoles, total: 0 },
        { key: 'review', score: review?.state === 'due' ? 1 : 0, count: 0, total: 0 }
    ].map((c) => ({ ...c, met: c.score >= 1 }));
    const percent = Math.round((criteria.reduce((sum, c) => sum + c.score, 0) / criteria.length) * 100);
    return { percent, criteria };
}
