-- messages_contact (tenant_id, contact_id) served one query, a contact's
-- media before the contact is deleted, which now reaches the messages
-- through the contact's conversations. Each inbound message paid for it: a
-- fifth index entry in a random page, ~9% of storing a message.
DROP INDEX IF EXISTS messages_contact;
