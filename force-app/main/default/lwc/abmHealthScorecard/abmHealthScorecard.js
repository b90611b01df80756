import { LightningElement, api } from 'lwc';

/**
 * ABM health scorecard. On an Account record page (recordId set): the record view (abmHealthScorecardRecord): band,
 * score and trend, flags with one action each, drivers, engagement, stage, next step edited in place, team and signals,
 * the account's fields live through Lightning Data Service. On an app or home page (no recordId): the list view
 * (abmHealthScorecardList): the running user's (or their team's) accounts, sorted and filtered by flag, paged on the
 * server. Both adapt to the width of their region (flexipageRegionWidth): narrow regions stack.
 */
export default class AbmHealthScorecard extends LightningElement {
    /** The account (set by the record page). */
    @api recordId;
    /** SMALL, MEDIUM or LARGE: the width of the page region the component sits in (set by Lightning pages). */
    @api flexipageRegionWidth;
    /** List mode: MINE (my accounts) or TEAM (mine and my direct reports'). */
    @api listScope = 'MINE';
    /** List mode: comma-separated tiers, e.g. "1" or "1,2". */
    @api tiers = '1';
    /** List mode: rows per page. */
    @api pageSize = 10;
    /** Record mode: hide the latest intent signals. */
    @api hideSignals = false;
    /** Record mode: hide the owner and account team. */
    @api hideTeam = false;

    get isRecordMode() {
        return Boolean(this.recordId);
    }
}
