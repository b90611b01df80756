/**
 * The describe registry: field API names and types of the objects the book uses (standard fields we read plus the
 * fields of docs/data-model.md). The snapshot adapter and the local API double use it to type CSV cells (numbers,
 * booleans, dates) and to resolve lookups (`OwnerId` → `Owner` → User). A snapshot's CSV header decides which fields
 * exist; this registry only supplies types, references and key prefixes.
 */

export type SoqlFieldType =
    | 'id'
    | 'reference'
    | 'string'
    | 'picklist'
    | 'multipicklist'
    | 'textarea'
    | 'url'
    | 'email'
    | 'phone'
    | 'boolean'
    | 'int'
    | 'double'
    | 'currency'
    | 'percent'
    | 'date'
    | 'datetime';

export type FieldDef = {
    name: string;
    type: SoqlFieldType;
    /** Lookup target objects (several for polymorphic lookups such as `WhoId`). */
    referenceTo?: string[];
    /** `Owner` for `OwnerId`, `Account__r` for `Account__c`. */
    relationshipName?: string;
    /** Required on create (REQUIRED_FIELD_MISSING when absent). */
    required?: boolean;
    /** System fields: not createable or updateable through the API. */
    readOnly?: boolean;
    externalId?: boolean;
    label?: string;
};

export type ObjectDef = { name: string; keyPrefix: string; fields: FieldDef[] };

/** Key prefixes: the first three characters of every record Id. */
export const KEY_PREFIXES: Record<string, string> = {
    Account: '001',
    Contact: '003',
    User: '005',
    Opportunity: '006',
    Lead: '00Q',
    Task: '00T',
    Event: '00U',
    Organization: '00D',
    Group: '00G',
    Profile: '00e',
    UserRole: '00E',
    Campaign: '701',
    CampaignMember: '00v',
    Case: '500',
    ABM_Seller__c: 'a01',
    ABM_IntentSignal__c: 'a02',
    ABM_DomainAlias__c: 'a03',
    ABM_AccountPlan__c: 'a04',
    ABM_Assignment__c: 'a05'
};

const ro = (name: string, type: SoqlFieldType, extra: Partial<FieldDef> = {}): FieldDef => ({ name, type, readOnly: true, ...extra });
const f = (name: string, type: SoqlFieldType, extra: Partial<FieldDef> = {}): FieldDef => ({ name, type, ...extra });
const ref = (name: string, to: string | string[], extra: Partial<FieldDef> = {}): FieldDef => ({
    name,
    type: 'reference',
    referenceTo: Array.isArray(to) ? to : [to],
    relationshipName: relationshipNameOf(name),
    ...extra
});

/** `OwnerId` → `Owner`, `Account__c` → `Account__r`, anything else: undefined. */
export function relationshipNameOf(field: string): string | undefined {
    if (/__c$/i.test(field)) return field.replace(/__c$/i, '__r');
    if (/Id$/.test(field) && field.length > 2) return field.slice(0, -2);
    return undefined;
}

/** Audit fields every object has. */
const SYSTEM: FieldDef[] = [
    ro('Id', 'id'),
    ro('IsDeleted', 'boolean'),
    ro('CreatedDate', 'datetime'),
    ref('CreatedById', 'User', { readOnly: true }),
    ro('LastModifiedDate', 'datetime'),
    ref('LastModifiedById', 'User', { readOnly: true }),
    ro('SystemModstamp', 'datetime')
];

const USER_LOOKUP = (name: string) => ref(name, 'User');

const OBJECTS: ObjectDef[] = [
    {
        name: 'Account',
        keyPrefix: '001',
        fields: [
            f('Name', 'string', { required: true }),
            ref('OwnerId', 'User'),
            ref('ParentId', 'Account'),
            f('Type', 'picklist'),
            f('Industry', 'picklist'),
            f('BillingStreet', 'textarea'),
            f('BillingCity', 'string'),
            f('BillingState', 'string'),
            f('BillingPostalCode', 'string'),
            f('BillingCountry', 'string'),
            f('BillingLatitude', 'double'),
            f('BillingLongitude', 'double'),
            f('Website', 'url'),
            f('Phone', 'phone'),
            f('NumberOfEmployees', 'int'),
            f('AnnualRevenue', 'currency'),
            f('Description', 'textarea'),
            ro('LastActivityDate', 'date'),
            f('ABM_Tier__c', 'picklist'),
            f('ABM_Stage__c', 'picklist'),
            f('ABM_LifecyclePhase__c', 'picklist'),
            f('ABM_Region__c', 'picklist'),
            f('ABM_IcpFitScore__c', 'double'),
            f('ABM_IntentScore__c', 'double'),
            f('ABM_EngagementScore__c', 'double'),
            f('ABM_WebDomain__c', 'string', { externalId: true }),
            USER_LOOKUP('ABM_SecondaryOwner__c'),
            USER_LOOKUP('ABM_Sdr__c'),
            USER_LOOKUP('ABM_Marketer__c'),
            USER_LOOKUP('ABM_CsOwner__c'),
            f('ABM_StageEnteredDate__c', 'date'),
            f('ABM_IdentifiedDate__c', 'date'),
            f('ABM_SqlEnteredDate__c', 'date'),
            f('ABM_TierChangedDate__c', 'date'),
            f('ABM_LastEngagementDate__c', 'date'),
            f('ABM_NextStep__c', 'string'),
            f('ABM_IsTerritoryLocked__c', 'boolean'),
            f('ABM_ContactCoverage__c', 'double'),
            f('ABM_BuyingCommitteeCompleteness__c', 'percent'),
            f('ABM_DecisionTimeline__c', 'picklist'),
            f('ABM_CompetitiveSituation__c', 'textarea'),
            f('ABM_AccountObjectives__c', 'textarea'),
            f('ABM_HealthScore__c', 'double'),
            ro('ABM_HealthBand__c', 'string'),
            ro('ABM_DaysSinceEngagement__c', 'double'),
            ro('ABM_DaysInStage__c', 'double'),
            ro('ABM_IsOwnerUnassigned__c', 'boolean')
        ]
    },
    {
        name: 'Contact',
        keyPrefix: '003',
        fields: [
            ref('AccountId', 'Account'),
            ref('OwnerId', 'User'),
            f('FirstName', 'string'),
            f('LastName', 'string', { required: true }),
            ro('Name', 'string'),
            f('Email', 'email'),
            f('Title', 'string'),
            f('Phone', 'phone'),
            f('Department', 'string'),
            f('LeadSource', 'picklist'),
            f('MailingCountry', 'string'),
            ro('LastActivityDate', 'date'),
            f('ABM_BuyingRole__c', 'picklist'),
            f('ABM_IsEngaged__c', 'boolean'),
            f('ABM_HasLeftCompany__c', 'boolean')
        ]
    },
    {
        name: 'Lead',
        keyPrefix: '00Q',
        fields: [
            ref('OwnerId', ['User', 'Group']),
            f('FirstName', 'string'),
            f('LastName', 'string', { required: true }),
            ro('Name', 'string'),
            f('Company', 'string', { required: true }),
            f('Email', 'email'),
            f('Website', 'url'),
            f('Title', 'string'),
            f('Phone', 'phone'),
            f('Status', 'picklist'),
            f('LeadSource', 'picklist'),
            f('Industry', 'picklist'),
            f('Country', 'string'),
            f('State', 'string'),
            f('City', 'string'),
            f('NumberOfEmployees', 'int'),
            f('AnnualRevenue', 'currency'),
            ro('IsConverted', 'boolean'),
            ro('ConvertedDate', 'date'),
            ref('ConvertedAccountId', 'Account', { readOnly: true }),
            ref('ConvertedContactId', 'Contact', { readOnly: true }),
            ref('ConvertedOpportunityId', 'Opportunity', { readOnly: true }),
            ref('ABM_MatchedAccount__c', 'Account'),
            f('ABM_MatchReason__c', 'picklist'),
            f('ABM_MatchedDomain__c', 'string'),
            f('ABM_IsRerouteRequested__c', 'boolean')
        ]
    },
    {
        name: 'Opportunity',
        keyPrefix: '006',
        fields: [
            f('Name', 'string', { required: true }),
            ref('AccountId', 'Account'),
            ref('OwnerId', 'User'),
            f('StageName', 'picklist', { required: true }),
            f('CloseDate', 'date', { required: true }),
            f('Amount', 'currency'),
            f('Probability', 'percent'),
            f('Type', 'picklist'),
            f('LeadSource', 'picklist'),
            ref('CampaignId', 'Campaign'),
            f('ForecastCategoryName', 'picklist'),
            ro('IsClosed', 'boolean'),
            ro('IsWon', 'boolean')
        ]
    },
    {
        name: 'User',
        keyPrefix: '005',
        fields: [
            f('Username', 'string', { required: true }),
            f('FirstName', 'string'),
            f('LastName', 'string', { required: true }),
            ro('Name', 'string'),
            f('Alias', 'string'),
            f('Email', 'email'),
            f('Title', 'string'),
            f('Department', 'string'),
            f('IsActive', 'boolean'),
            ref('ProfileId', 'Profile'),
            ref('UserRoleId', 'UserRole'),
            ref('ManagerId', 'User'),
            f('UserType', 'picklist'),
            f('TimeZoneSidKey', 'picklist'),
            f('FederationIdentifier', 'string')
        ]
    },
    {
        name: 'Task',
        keyPrefix: '00T',
        fields: [
            f('Subject', 'string'),
            ref('WhoId', ['Contact', 'Lead']),
            ref('WhatId', ['Account', 'Opportunity', 'Campaign']),
            ref('AccountId', 'Account', { readOnly: true }),
            ref('OwnerId', 'User'),
            f('ActivityDate', 'date'),
            f('Status', 'picklist'),
            f('Priority', 'picklist'),
            f('Type', 'picklist'),
            f('TaskSubtype', 'picklist'),
            ro('IsClosed', 'boolean'),
            ro('CompletedDateTime', 'datetime'),
            f('Description', 'textarea')
        ]
    },
    {
        name: 'Campaign',
        keyPrefix: '701',
        fields: [
            f('Name', 'string', { required: true }),
            f('Type', 'picklist'),
            f('Status', 'picklist'),
            f('StartDate', 'date'),
            f('EndDate', 'date'),
            f('IsActive', 'boolean'),
            f('BudgetedCost', 'currency'),
            f('ActualCost', 'currency'),
            ref('ParentId', 'Campaign'),
            ref('OwnerId', 'User')
        ]
    },
    {
        name: 'CampaignMember',
        keyPrefix: '00v',
        fields: [
            ref('CampaignId', 'Campaign', { required: true }),
            ref('LeadId', 'Lead'),
            ref('ContactId', 'Contact'),
            f('Status', 'picklist'),
            ro('HasResponded', 'boolean'),
            ro('FirstRespondedDate', 'date')
        ]
    },
    {
        name: 'ABM_Seller__c',
        keyPrefix: 'a01',
        fields: [
            f('Name', 'string'),
            ref('OwnerId', 'User'),
            USER_LOOKUP('User__c'),
            f('UserKey__c', 'string', { externalId: true }),
            f('Role__c', 'picklist'),
            f('Industries__c', 'string'),
            f('Regions__c', 'string'),
            f('Tier1CapacityMin__c', 'double'),
            f('Tier1CapacityMax__c', 'double'),
            f('Tier2CapacityMin__c', 'double'),
            f('Tier2CapacityMax__c', 'double'),
            f('SecondaryCapacityMin__c', 'double'),
            f('SecondaryCapacityMax__c', 'double'),
            f('IsActive__c', 'boolean'),
            f('IsAcceptingAccounts__c', 'boolean'),
            f('UnavailableUntilDate__c', 'date'),
            f('QuotaAmount__c', 'currency'),
            f('OnTargetEarnings__c', 'currency'),
            f('RoutingPool__c', 'string'),
            f('RoutingWeight__c', 'double'),
            f('DailyLeadCap__c', 'double'),
            f('LeadsAssignedToday__c', 'double'),
            f('RoutingCredit__c', 'double'),
            f('LastLeadAssignedAt__c', 'datetime')
        ]
    },
    {
        name: 'ABM_IntentSignal__c',
        keyPrefix: 'a02',
        fields: [
            f('Name', 'string'),
            ref('OwnerId', 'User'),
            ref('Account__c', 'Account'),
            f('Topic__c', 'string'),
            f('Strength__c', 'double'),
            f('Source__c', 'string'),
            f('SignalType__c', 'picklist'),
            f('SignalDate__c', 'date')
        ]
    },
    {
        name: 'ABM_DomainAlias__c',
        keyPrefix: 'a03',
        fields: [f('Name', 'string'), ref('OwnerId', 'User'), f('Domain__c', 'string', { externalId: true }), ref('Account__c', 'Account')]
    },
    {
        name: 'ABM_AccountPlan__c',
        keyPrefix: 'a04',
        fields: [
            f('Name', 'string'),
            ref('Account__c', 'Account', { required: true }),
            f('Overview__c', 'textarea'),
            f('BuyingCommittee__c', 'textarea'),
            f('History__c', 'textarea'),
            f('Challenges__c', 'textarea'),
            f('SolutionRelevance__c', 'textarea'),
            f('CompetitorPositioning__c', 'textarea'),
            f('CampaignStrategy__c', 'textarea'),
            f('SalesStrategy__c', 'textarea'),
            f('Timeline__c', 'textarea'),
            f('SuccessMetrics__c', 'textarea'),
            f('Status__c', 'picklist'),
            f('LastReviewedDate__c', 'date'),
            f('NextReviewDate__c', 'date')
        ]
    },
    {
        name: 'ABM_Assignment__c',
        keyPrefix: 'a05',
        fields: [
            f('Name', 'string'),
            ref('OwnerId', 'User'),
            ref('Account__c', 'Account'),
            ref('Lead__c', 'Lead'),
            USER_LOOKUP('PreviousOwner__c'),
            USER_LOOKUP('NewOwner__c'),
            f('Role__c', 'picklist'),
            f('Reason__c', 'string'),
            f('Rule__c', 'string'),
            f('RunId__c', 'string'),
            f('AssignedAt__c', 'datetime'),
            f('Source__c', 'picklist')
        ]
    },
    {
        name: 'Organization',
        keyPrefix: '00D',
        fields: [
            f('Name', 'string'),
            f('InstanceName', 'string'),
            f('IsSandbox', 'boolean'),
            f('OrganizationType', 'string'),
            f('NamespacePrefix', 'string'),
            ro('TrialExpirationDate', 'datetime'),
            f('FiscalYearStartMonth', 'int')
        ]
    }
];

/** Child relationships for subqueries (`SELECT Id, (SELECT Id FROM Contacts) FROM Account`). */
export const CHILD_RELATIONSHIPS: { parent: string; name: string; child: string; field: string }[] = [
    { parent: 'Account', name: 'Contacts', child: 'Contact', field: 'AccountId' },
    { parent: 'Account', name: 'Opportunities', child: 'Opportunity', field: 'AccountId' },
    { parent: 'Account', name: 'ChildAccounts', child: 'Account', field: 'ParentId' },
    { parent: 'Account', name: 'Tasks', child: 'Task', field: 'WhatId' },
    { parent: 'Account', name: 'AccountPlans', child: 'ABM_AccountPlan__c', field: 'Account__c' },
    { parent: 'Account', name: 'IntentSignals', child: 'ABM_IntentSignal__c', field: 'Account__c' },
    { parent: 'Account', name: 'DomainAliases', child: 'ABM_DomainAlias__c', field: 'Account__c' },
    { parent: 'Account', name: 'Assignments', child: 'ABM_Assignment__c', field: 'Account__c' },
    { parent: 'Campaign', name: 'CampaignMembers', child: 'CampaignMember', field: 'CampaignId' },
    { parent: 'Opportunity', name: 'Tasks', child: 'Task', field: 'WhatId' },
    { parent: 'Contact', name: 'Tasks', child: 'Task', field: 'WhoId' },
    { parent: 'Lead', name: 'Tasks', child: 'Task', field: 'WhoId' }
];

const REGISTRY = new Map<string, ObjectDef>(
    OBJECTS.map((o) => [
        o.name.toLowerCase(),
        { ...o, fields: [...SYSTEM.filter((s) => !o.fields.some((x) => x.name === s.name)), ...o.fields] }
    ])
);

/** The registry entry for an object (case-insensitive), or undefined. */
export function builtinObject(name: string): ObjectDef | undefined {
    return REGISTRY.get(name.toLowerCase());
}

/** Every object of the book (the snapshot file list of docs/data-model.md). */
export const BOOK_OBJECTS = [
    'User',
    'Account',
    'Contact',
    'Opportunity',
    'Lead',
    'ABM_Seller__c',
    'ABM_IntentSignal__c',
    'ABM_DomainAlias__c',
    'ABM_AccountPlan__c',
    'ABM_Assignment__c',
    'Task',
    'Campaign',
    'CampaignMember'
];

/**
 * Type and lookup of a field the registry does not know (a CSV column from another org): `…Id`/`…__c` holding Ids are
 * references, whole columns of true/false booleans, numbers doubles, ISO dates dates. Everything else is a string.
 */
export function inferField(name: string, values: Iterable<string>): FieldDef {
    let all = 0;
    let bool = 0;
    let num = 0;
    let date = 0;
    let datetime = 0;
    let id = 0;
    for (const raw of values) {
        if (raw === '') continue;
        all++;
        if (raw === 'true' || raw === 'false') bool++;
        if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$/.test(raw)) num++;
        if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) date++;
        if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(raw)) datetime++;
        if (/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(raw) && /\d/.test(raw.slice(0, 3))) id++;
        if (all >= 2000) break;
    }
    if (all > 0 && id === all && (name === 'Id' || /(Id|__c)$/.test(name))) {
        return name === 'Id'
            ? { name, type: 'id', readOnly: true }
            : { name, type: 'reference', relationshipName: relationshipNameOf(name) };
    }
    if (all > 0 && bool === all) return { name, type: 'boolean' };
    if (all > 0 && num === all) return { name, type: 'double' };
    if (all > 0 && date === all) return { name, type: 'date' };
    if (all > 0 && datetime === all) return { name, type: 'datetime' };
    if (name === 'Id') return { name, type: 'id', readOnly: true };
    return { name, type: 'string' };
}
