/** Ids are signed 32-bit INT columns: the largest one the database can hold. */
export const MAX_ID = 2_147_483_647;
