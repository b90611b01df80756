import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue, getFieldDisplayValue, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import { refreshApex } from '@salesforce/apex';
import { registerRefreshHandler, unregisterRefreshHandler } from 'lightning/refresh';
import LOCALE from '@salesforce/i18n/locale';
import getHealthSignals from '@salesforce/apex/AbmHealthController.getHealthSignals';
import ACCOUNT_OBJECT from '@salesforce/schema/Account';
import NAME from '@salesforce/schema/Account.Name';
import TIER from '@salesforce/schema/Account.ABM_Tier__c';
import STAGE from '@salesforce/schema/Account.ABM_Stage__c';
import DAYS_IN_STAGE from '@salesforce/schema/Account.ABM_DaysInStage__c';
import NEXT_STEP from '@salesforce/schema/Account.ABM_NextStep__c';
import NEXT_STEP_UPDATED from '@salesforce/schema/Account.ABM_NextStepUpdatedDate__c';
import HEALTH_SCORE from '@salesforce/schema/Account.ABM_HealthScore__c';
import HEALTH_BAND from '@salesforce/schema/Account.ABM_HealthBand__c';
import ICP_FIT from '@salesforce/schema/Account.ABM_IcpFitScore__c';
import INTENT from '@salesforce/schema/Account.ABM_IntentScore__c';
import ENGAGEMENT from '@salesforce/schema/Account.ABM_EngagementScore__c';
import LAST_ENGAGEMENT from '@salesforce/schema/Account.ABM_LastEngagementDate__c';
import DAYS_SINCE from '@salesforce/schema/Account.ABM_DaysSinceEngagement__c';
import COVERAGE from '@salesforce/schema/Account.ABM_ContactCoverage__c';
import COMMITTEE from '@salesforce/schema/Account.ABM_BuyingCommitteeCompleteness__c';
import UNASSIGNED from '@salesforce/schema/Account.ABM_IsOwnerUnassigned__c';
import OWNER_NAME from '@salesforce/schema/Account.Owner.Name';
import SECONDARY_NAME from '@salesforce/schema/Account.ABM_SecondaryOwner__r.Name';
import SDR_NAME from '@salesforce/schema/Account.ABM_Sdr__r.Name';
import MARKETER_NAME from '@salesforce/schema/Account.ABM_Marketer__r.Name';
import CS_NAME from '@salesforce/schema/Account.ABM_CsOwner__r.Name';
import MODSTAMP from '@salesforce/schema/Account.SystemModstamp';
import { bandInfo, formatDate, formatDaysAgo, formatMessage, formatNumber } from 'c/abmFormatUtils';
import { flagsFor } from './healthRules';
import TITLE from '@salesforce/label/c.ABM_ScorecardTitle';
import LOADING from '@salesforce/label/c.ABM_LoadingScores';
import LOAD_ERROR from '@salesforce/label/c.ABM_LoadError';
import BAND_AT_RISK from '@salesforce/label/c.ABM_BandAtRisk';
import BAND_STALLING from '@salesforce/label/c.ABM_BandStalling';
import BAND_HEALTHY from '@salesforce/label/c.ABM_BandHealthy';
import BAND_UNKNOWN from '@salesforce/label/c.ABM_BandUnknown';
import HEALTH_SCORE_LABEL from '@salesforce/label/c.ABM_HealthScore';
import SCORE_OF_100 from '@salesforce/label/c.ABM_ScoreOf100';
import SCORE_MAXIMUM from '@salesforce/label/c.ABM_ScoreMaximum';
import BELOW_TARGET from '@salesforce/label/c.ABM_BelowTarget';
import DRIVERS from '@salesforce/label/c.ABM_Drivers';
import DRIVER_FIT from '@salesforce/label/c.ABM_DriverFit';
import DRIVER_INTENT from '@salesforce/label/c.ABM_DriverIntent';
import DRIVER_ENGAGEMENT from '@salesforce/label/c.ABM_DriverEngagement';
import DRIVER_RECENCY from '@salesforce/label/c.ABM_DriverRecency';
import DRIVER_COVERAGE from '@salesforce/label/c.ABM_DriverCoverage';
import DRIVER_COMMITTEE from '@salesforce/label/c.ABM_DriverCommittee';
import DRIVER_VALUE from '@salesforce/label/c.ABM_DriverValue';
import COVERAGE_OF_MINIMUM from '@salesforce/label/c.ABM_CoverageOfMinimum';
import DAYS_VS_THRESHOLD from '@salesforce/label/c.ABM_DaysVsThreshold';
import PERCENT from '@salesforce/label/c.ABM_Percent';
import LAST_ENGAGEMENT_LABEL from '@salesforce/label/c.ABM_LastEngagement';
import NO_ENGAGEMENT from '@salesforce/label/c.ABM_NoEngagement';
import SIGNALS from '@salesforce/label/c.ABM_IntentSignals';
import NO_SIGNALS from '@salesforce/label/c.ABM_NoSignals';
import STAGE_LABEL from '@salesforce/label/c.ABM_Stage';
import DAYS_IN_STAGE_LABEL from '@salesforce/label/c.ABM_DaysInStage';
import NEXT_STEP_LABEL from '@salesforce/label/c.ABM_NextStep';
import TEAM from '@salesforce/label/c.ABM_AccountTeam';
import FLAGS from '@salesforce/label/c.ABM_Flags';
import NO_FLAGS from '@salesforce/label/c.ABM_NoFlags';
import OWNER from '@salesforce/label/c.ABM_Owner';
import TEAM_SECONDARY from '@salesforce/label/c.ABM_TeamSecondaryOwner';
import TEAM_SDR from '@salesforce/label/c.ABM_TeamSdr';
import TEAM_MARKETER from '@salesforce/label/c.ABM_TeamMarketer';
import TEAM_CS from '@salesforce/label/c.ABM_TeamCs';
import STRENGTH from '@salesforce/label/c.ABM_SignalStrength';

const OPTIONAL_FIELDS = [
    TIER,
    STAGE,
    DAYS_IN_STAGE,
    NEXT_STEP,
    NEXT_STEP_UPDATED,
    HEALTH_SCORE,
    HEALTH_BAND,
    ICP_FIT,
    INTENT,
    ENGAGEMENT,
    LAST_ENGAGEMENT,
    DAYS_SINCE,
    COVERAGE,
    COMMITTEE,
    UNASSIGNED,
    OWNER_NAME,
    SECONDARY_NAME,
    SDR_NAME,
    MARKETER_NAME,
    CS_NAME,
    MODSTAMP
];

/**
 * The health scorecard of one account (record page). The account's fields come from Lightning Data Service, so the card
 * follows every change to the account (an edit, a logged call that moves the last engagement, a contact that raises the
 * coverage) without a reload; Apex adds only what LDS cannot give (signals, trend, missing roles, thresholds), and is
 * refreshed when the account changes or the page is refreshed (RefreshView API).
 */
export default class AbmHealthScorecardRecord extends LightningElement {
    @api recordId;
    @api hideSignals = false;
    @api hideTeam = false;
    /** SMALL stacks the columns. */
    @api regionWidth;

    record;
    recordError;
    signals;
    signalsError;
    signalsResult;
    nextStepUpdateable = false;
    lastModstamp;
    refreshHandlerId;

    labels = {
        title: TITLE,
        loading: LOADING,
        loadError: LOAD_ERROR,
        bandAtRisk: BAND_AT_RISK,
        bandStalling: BAND_STALLING,
        bandHealthy: BAND_HEALTHY,
        bandUnknown: BAND_UNKNOWN,
        healthScore: HEALTH_SCORE_LABEL,
        scoreMaximum: SCORE_MAXIMUM,
        drivers: DRIVERS,
        lastEngagement: LAST_ENGAGEMENT_LABEL,
        noEngagement: NO_ENGAGEMENT,
        signals: SIGNALS,
        noSignals: NO_SIGNALS,
        stage: STAGE_LABEL,
        nextStep: NEXT_STEP_LABEL,
        team: TEAM,
        flags: FLAGS,
        noFlags: NO_FLAGS
    };

    @wire(getRecord, { recordId: '$recordId', fields: [NAME], optionalFields: OPTIONAL_FIELDS })
    wiredRecord({ data, error }) {
        if (data) {
            const modstamp = getFieldValue(data, MODSTAMP);
            if (this.lastModstamp && modstamp !== this.lastModstamp && this.signalsResult) {
                // The account changed (e.g. a contact moved the coverage): signals and missing roles may have too.
                refreshApex(this.signalsResult);
            }
            this.lastModstamp = modstamp;
            this.record = data;
            this.recordError = undefined;
        } else if (error) {
            this.recordError = error;
        }
    }

    @wire(getHealthSignals, { accountId: '$recordId' })
    wiredSignals(result) {
        this.signalsResult = result;
        if (result.data) {
            this.signals = result.data;
            this.signalsError = undefined;
        } else if (result.error) {
            this.signalsError = result.error;
        }
    }

    @wire(getObjectInfo, { objectApiName: ACCOUNT_OBJECT })
    wiredObjectInfo({ data }) {
        this.nextStepUpdateable = data?.fields?.[NEXT_STEP.fieldApiName]?.updateable === true;
    }

    connectedCallback() {
        // Bound: under Lightning Locker (LWS off) the handler is called without this component as `this`.
        this.refreshHandlerId = registerRefreshHandler(this, this.refreshHandler.bind(this));
    }

    disconnectedCallback() {
        unregisterRefreshHandler(this.refreshHandlerId);
    }

    /** RefreshView API: a standard action (log a call, new contact) or the user refreshed the view. */
    refreshHandler() {
        return Promise.all([
            notifyRecordUpdateAvailable([{ recordId: this.recordId }]),
            this.signalsResult ? refreshApex(this.signalsResult) : Promise.resolve()
        ]).then(() => true);
    }

    // ---------- states ----------

    get error() {
        return this.recordError || this.signalsError;
    }

    get errors() {
        return [this.recordError, this.signalsError].filter(Boolean);
    }

    get isLoading() {
        return !this.error && (!this.record || !this.signals);
    }

    get hasData() {
        return !this.error && Boolean(this.record && this.signals);
    }

    // ---------- values ----------

    value(field) {
        return this.record ? getFieldValue(this.record, field) : undefined;
    }

    get accountName() {
        return this.value(NAME);
    }

    get columnClass() {
        return this.regionWidth === 'SMALL' ? 'slds-col slds-size_1-of-1' : 'slds-col slds-size_1-of-1 slds-medium-size_1-of-3';
    }

    get gridClass() {
        return `slds-grid slds-wrap slds-gutters_small abm-scorecard ${this.regionWidth === 'SMALL' ? 'abm-scorecard_narrow' : ''}`;
    }

    get band() {
        return bandInfo(this.value(HEALTH_BAND), this.labels);
    }

    /** White icons on the dark at-risk and healthy backgrounds. */
    get bandIconVariant() {
        return this.band.rank === 0 || this.band.rank === 2 ? 'inverse' : undefined;
    }

    get bandClass() {
        return `slds-badge ${this.band.cssClass}`;
    }

    get scoreText() {
        return formatNumber(this.value(HEALTH_SCORE), LOCALE, { maximumFractionDigits: 0 });
    }

    get scoreAssistiveText() {
        return formatMessage(SCORE_OF_100, [this.scoreText], LOCALE);
    }

    get thresholds() {
        return this.signals?.thresholds;
    }

    get today() {
        return this.signals?.today;
    }

    get flags() {
        return flagsFor(
            {
                tier: this.value(TIER),
                daysSinceEngagement: this.value(DAYS_SINCE),
                contactCoverage: this.value(COVERAGE),
                isOwnerUnassigned: this.value(UNASSIGNED)
            },
            this.thresholds
        ).map((code) => ({ code, key: code }));
    }

    get hasFlags() {
        return this.flags.length > 0;
    }

    get missingRoles() {
        return this.signals?.missingRoles || [];
    }

    get trend() {
        return this.signals?.trend || [];
    }

    get drivers() {
        const t = this.thresholds || {};
        const days = this.value(DAYS_SINCE);
        const coverage = this.value(COVERAGE) ?? 0;
        const hasDays = days !== null && days !== undefined;
        const scored = (key, name, value, isPercent) => {
            const n = Number(value) || 0;
            const text =
                value === null || value === undefined ? '–' : isPercent ? formatMessage(PERCENT, [n], LOCALE) : formatNumber(n, LOCALE);
            return { key, name, text, percent: Math.max(0, Math.min(100, n)), isWarning: false };
        };
        const drivers = [
            scored('fit', DRIVER_FIT, this.value(ICP_FIT), false),
            scored('intent', DRIVER_INTENT, this.value(INTENT), false),
            scored('engagement', DRIVER_ENGAGEMENT, this.value(ENGAGEMENT), false),
            {
                key: 'recency',
                name: DRIVER_RECENCY,
                text: hasDays ? formatMessage(DAYS_VS_THRESHOLD, [days, t.stallingDays], LOCALE) : NO_ENGAGEMENT,
                // Fresher is better: 0 days is full, the stalling threshold and beyond is empty.
                percent: hasDays && t.stallingDays ? Math.max(0, Math.round(100 - (days / t.stallingDays) * 100)) : 0,
                isWarning: !hasDays || days >= t.stallingDays
            },
            {
                key: 'coverage',
                name: DRIVER_COVERAGE,
                text: formatMessage(COVERAGE_OF_MINIMUM, [coverage, t.coverageMinimum], LOCALE),
                percent: t.coverageMinimum ? Math.min(100, Math.round((coverage / t.coverageMinimum) * 100)) : 0,
                isWarning: coverage < t.coverageMinimum
            },
            scored('committee', DRIVER_COMMITTEE, this.value(COMMITTEE), true)
        ];
        return drivers.map((d) => ({
            ...d,
            warningText: formatMessage(BELOW_TARGET, [d.name], LOCALE),
            // Progress bars are named after their driver, with the value in words.
            ariaLabel: formatMessage(DRIVER_VALUE, [d.name, d.text], LOCALE)
        }));
    }

    get hasEngagement() {
        return Boolean(this.value(LAST_ENGAGEMENT));
    }

    get lastEngagementText() {
        return formatDate(this.value(LAST_ENGAGEMENT), LOCALE);
    }

    get daysAgoText() {
        return formatDaysAgo(this.value(DAYS_SINCE), LOCALE);
    }

    get stageText() {
        if (!this.value(STAGE)) {
            return '–';
        }
        const stage = getFieldDisplayValue(this.record, STAGE) || this.value(STAGE);
        const days = this.value(DAYS_IN_STAGE);
        return days === null || days === undefined ? stage : `${stage} · ${formatMessage(DAYS_IN_STAGE_LABEL, [days], LOCALE)}`;
    }

    get nextStep() {
        return this.value(NEXT_STEP);
    }

    get nextStepUpdatedDate() {
        return this.value(NEXT_STEP_UPDATED);
    }

    get team() {
        return [
            [OWNER, OWNER_NAME],
            [TEAM_SECONDARY, SECONDARY_NAME],
            [TEAM_SDR, SDR_NAME],
            [TEAM_MARKETER, MARKETER_NAME],
            [TEAM_CS, CS_NAME]
        ]
            .map(([role, field]) => ({ key: field.fieldApiName, role, name: this.value(field) }))
            .filter((m) => m.name);
    }

    get showTeamSection() {
        return !this.hideTeam;
    }

    get showSignalsSection() {
        return !this.hideSignals;
    }

    get signalItems() {
        return (this.signals?.signals || []).map((s) => ({
            ...s,
            key: s.id,
            strengthText: formatMessage(STRENGTH, [formatNumber(s.strength, LOCALE)], LOCALE),
            meta: [s.signalType, s.source].filter(Boolean).join(' · '),
            dateText: formatDate(s.signalDate, LOCALE)
        }));
    }

    get hasSignals() {
        return this.signalItems.length > 0;
    }
}
