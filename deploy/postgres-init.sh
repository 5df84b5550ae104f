#!/bin/sh
# First start of the postgres container only (docker-entrypoint-initdb.d); NOT RUN HERE.
# Roles: `temporal` (creates and owns Temporal's two databases through temporal-sql-tool) and
# `freightflow` (owns the application database; the migrations run as it).
set -e
psql -v ON_ERROR_STOP=1 -U postgres <<SQL
CREATE ROLE temporal LOGIN CREATEDB PASSWORD '${POSTGRES_PASSWORD}';
CREATE ROLE freightflow LOGIN PASSWORD '${POSTGRES_PASSWORD}';
CREATE DATABASE freightflow OWNER freightflow;
SQL
