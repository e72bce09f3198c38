-- Run once by the postgres image on an empty data volume (docker-entrypoint-initdb.d).
-- One database per service and one per intake deployment: services never share tables.
-- Keep this list in step with the DATABASE_URLs in docker-compose.yml (the deployment-config
-- specs check it).
CREATE DATABASE vault;
CREATE DATABASE payment;
CREATE DATABASE notification;
CREATE DATABASE intake_000_00_12_h26;
CREATE DATABASE intake_000_00_15_h26;
CREATE DATABASE intake_000_00_12_h17;
