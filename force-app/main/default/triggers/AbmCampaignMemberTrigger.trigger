/**
 * One-line CampaignMember trigger: a campaign response stamps the member's account's ABM_LastEngagementDate__c
 * (AbmCampaignMemberTriggerHandler).
 */
trigger AbmCampaignMemberTrigger on CampaignMember(after insert, after update) {
    new AbmCampaignMemberTriggerHandler().run();
}
