/**
 * One-line Contact trigger: keeps the parent accounts' contact coverage current (AbmContactTriggerHandler).
 */
trigger AbmContactTrigger on Contact(after insert, after update, after delete, after undelete) {
    new AbmContactTriggerHandler().run();
}
