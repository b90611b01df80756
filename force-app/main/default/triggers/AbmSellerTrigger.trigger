/**
 * One-line ABM_Seller__c trigger: a seller record changed, so the per-transaction seller cache of the ownership rules
 * (AbmSellerSelector) is cleared and the next account save in this transaction reads the current records.
 */
trigger AbmSellerTrigger on ABM_Seller__c(after insert, after update, after delete, after undelete) {
    AbmSellerSelector.clearCache();
}
