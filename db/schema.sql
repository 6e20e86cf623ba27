-- The equivalent of `npm run db:create`, for people who use MySQL Workbench or the mysql client:
--   mysql -u root -p < db/schema.sql
-- It only creates the database. The tables are created by the migrations, which the server
-- applies when it starts (or `npm run db:migrate`); `npm run db:seed` then loads the demo data.
-- Change the name here if DB_NAME in your .env is not ecommerce_db.

CREATE DATABASE IF NOT EXISTS ecommerce_db
  CHARACTER SET utf8mb4
  COLLATE utf8mb4_unicode_ci;
