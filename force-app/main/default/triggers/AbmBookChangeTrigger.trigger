/**
 * One-line trigger on ABM_BookChange__e: applies the published book changes to ABM_OwnerBook__c (see AbmOwnerBookWriter).
 */
trigger AbmBookChangeTrigger on ABM_BookChange__e(after insert) {
    AbmOwnerBookWriter.applyEvents(Trigger.new);
}
