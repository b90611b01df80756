#!/usr/bin/env bash
# Creates an ABM RevOps scratch org with sample data: one command per step, stops at the first failure.
# Usage: npm run setup:scratch [-- ALIAS [DEV_HUB]]   (defaults: abm-scratch, the CLI's default Dev Hub)
set -euo pipefail
ALIAS="${1:-abm-scratch}"
HUB_FLAG=()
if [ -n "${2:-}" ]; then HUB_FLAG=(--target-dev-hub "$2"); fi
export SF_SKIP_NEW_VERSION_CHECK=true SF_DISABLE_TELEMETRY=true SF_AUTOUPDATE_DISABLE=true SF_DISABLE_AUTOUPDATE=true
cd "$(dirname "$0")/.."
SF="${SF:-sf}"
command -v "$SF" >/dev/null 2>&1 || SF="node_modules/.bin/sf"

step() { echo "==> $*" >&2; }

step "1/10 Create scratch org '$ALIAS' (7 days)"
"$SF" org create scratch --definition-file config/project-scratch-def.json --alias "$ALIAS" --set-default --duration-days 7 --wait 15 "${HUB_FLAG[@]}"
step "2/10 Deploy the ABM settings (force-app-settings: the type and its Default record) first: formula fields read them"
"$SF" project deploy start --source-dir force-app-settings --target-org "$ALIAS" --wait 30
step "3/10 Deploy the app (force-app)"
"$SF" project deploy start --source-dir force-app --target-org "$ALIAS" --wait 30
step "4/10 Set up: permission sets (ABM_Admin, ABM_Operations to you), the Account record page, the scheduled jobs (abm setup)"
npm run --silent abm -- setup --target-org "$ALIAS"
step "5/10 Assign the temporary ABM_MigrationBypass to the admin user for the sample load"
"$SF" org assign permset --name ABM_MigrationBypass --target-org "$ALIAS"
step "6/10 Create the sample sellers' users"
"$SF" apex run --file scripts/apex/create-sample-users.apex --target-org "$ALIAS"
step "7/10 Import the sample book (60 accounts, contacts, opportunities, intent signals, plans, aliases)"
"$SF" data import tree --plan data/scratch/sample-data-plan.json --target-org "$ALIAS"
step "8/10 Create seller records and assign owners by tier"
"$SF" apex run --file scripts/apex/assign-sample-owners.apex --target-org "$ALIAS"
step "9/10 Remove the temporary ABM_MigrationBypass again (the load is done; the rules apply to the admin from now on)"
"$SF" apex run --file scripts/apex/remove-migration-bypass.apex --target-org "$ALIAS"
step "10/10 Open the ABM RevOps app"
"$SF" org open --target-org "$ALIAS" --path lightning/app/c__ABM_RevOps
step "Done: scratch org '$ALIAS' is ready"
