/**
 * One-line Account trigger: all logic is in AbmAccountTriggerHandler (see its ApexDoc for why this is Apex, not Flow).
 */
trigger AbmAccountTrigger on Account(before insert, before update, after insert, after update, after delete, after undelete) {
    new AbmAccountTriggerHandler().run();
}
