-- A store of this schema taken back to schema version 1, as xxgk wrote it before versions of a
-- report were told apart: every migration after the first undone. A new migration adds its
-- undoing here.
DROP INDEX reports_current; DROP INDEX paths_file; DROP INDEX findings_severity;
ALTER TABLE reports DROP COLUMN current; ALTER TABLE reports DROP COLUMN url; ALTER TABLE reports DROP COLUMN level;
ALTER TABLE files DROP COLUMN modified; ALTER TABLE files DROP COLUMN former_path;
ALTER TABLE organs DROP COLUMN division;
DROP TABLE unread; DROP TABLE pins; DROP TABLE roster; DROP TABLE decisions; DROP TABLE explanations; DROP INDEX organ_names_organ;
ALTER TABLE findings ADD COLUMN message_zh TEXT NOT NULL DEFAULT ''; ALTER TABLE findings ADD COLUMN message_en TEXT NOT NULL DEFAULT '';
ALTER TABLE findings DROP COLUMN message; ALTER TABLE findings DROP COLUMN args;
ALTER TABLE reports DROP COLUMN stated;
ALTER TABLE files ADD COLUMN error_zh TEXT; ALTER TABLE files ADD COLUMN error_en TEXT;
ALTER TABLE files DROP COLUMN error; ALTER TABLE files DROP COLUMN error_args;
DROP TABLE audit; DROP TABLE login_failures; DROP TABLE sessions; DROP TABLE users;
DROP TABLE rounds; DROP TABLE opinions; DROP TABLE settings; DROP TABLE facts;
DROP TABLE import_files; DROP TABLE imports;
PRAGMA user_version = 1;
