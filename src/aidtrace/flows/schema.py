"""Tables of the money and goods trail: parties, payments, hand-overs, needs, prices, rates, IATI.

Every imported row carries the ``import_id`` of the journal entry that brought it in, so an
officer can trace a figure back to its file. Amounts stay in their original currency; conversion
to USD happens at analysis time with the dated rates in ``fx_rates`` (see ``flows/fx.py``).
"""

from aidtrace.store.migrations import Migration, register

_TABULAR = (
    "CREATE TABLE organisations (org_id VARCHAR NOT NULL, name VARCHAR, name_fa VARCHAR, "
    "role VARCHAR NOT NULL, parent_org_id VARCHAR, country VARCHAR, province_code VARCHAR, "
    "registration_no VARCHAR, official_id VARCHAR, import_id VARCHAR NOT NULL)",
    "CREATE TABLE ledger (txn_id VARCHAR NOT NULL, date DATE NOT NULL, week VARCHAR, "
    "payer_org_id VARCHAR NOT NULL, payee_org_id VARCHAR, payee_person_id VARCHAR, "
    "amount DOUBLE NOT NULL, currency VARCHAR NOT NULL, purpose VARCHAR, invoice_no VARCHAR, "
    "approved_by VARCHAR, district_code VARCHAR, item VARCHAR, quantity DOUBLE, "
    "unit_price DOUBLE, import_id VARCHAR NOT NULL)",
    "CREATE TABLE distributions (distribution_id VARCHAR NOT NULL, date DATE NOT NULL, "
    "week VARCHAR, partner_org_id VARCHAR NOT NULL, household_id VARCHAR, "
    "district_code VARCHAR NOT NULL, item VARCHAR, quantity DOUBLE, value_usd DOUBLE NOT NULL, "
    "reached BOOLEAN NOT NULL, import_id VARCHAR NOT NULL)",
    "CREATE TABLE needs (province VARCHAR, province_code VARCHAR NOT NULL, district VARCHAR, "
    "district_code VARCHAR NOT NULL, population BIGINT, ipc_phase INTEGER, "
    "people_in_need BIGINT NOT NULL, planned_usd DOUBLE, import_id VARCHAR NOT NULL)",
    "CREATE TABLE market_prices (province_code VARCHAR NOT NULL, month DATE NOT NULL, "
    "item VARCHAR NOT NULL, unit VARCHAR, price_afn DOUBLE NOT NULL, import_id VARCHAR NOT NULL)",
    "CREATE TABLE fx_rates (date DATE NOT NULL, currency VARCHAR NOT NULL, "
    "usd_rate DOUBLE NOT NULL, import_id VARCHAR NOT NULL)",
    "CREATE TABLE attendance (staff_id VARCHAR NOT NULL, month DATE NOT NULL, "
    "days_present INTEGER NOT NULL, import_id VARCHAR NOT NULL)",
)

_IATI = (
    "CREATE TABLE iati_activities (activity_id VARCHAR NOT NULL, reporting_org_ref VARCHAR, "
    "reporting_org_name VARCHAR, title VARCHAR, default_currency VARCHAR, "
    "recipient_countries VARCHAR, status_code VARCHAR, import_id VARCHAR NOT NULL)",
    "CREATE TABLE iati_participants (activity_id VARCHAR NOT NULL, org_ref VARCHAR, "
    "org_name VARCHAR, role_code VARCHAR NOT NULL, org_type VARCHAR, org_activity_id VARCHAR, "
    "import_id VARCHAR NOT NULL)",
    "CREATE TABLE iati_transactions (activity_id VARCHAR NOT NULL, seq INTEGER NOT NULL, "
    "ref VARCHAR, type_code VARCHAR NOT NULL, date DATE, value DOUBLE NOT NULL, "
    "currency VARCHAR NOT NULL, value_date DATE NOT NULL, provider_ref VARCHAR, "
    "provider_name VARCHAR, provider_activity_id VARCHAR, receiver_ref VARCHAR, "
    "receiver_name VARCHAR, receiver_activity_id VARCHAR, sector_code VARCHAR, "
    "recipient_country VARCHAR, import_id VARCHAR NOT NULL)",
    "CREATE TABLE iati_locations (activity_id VARCHAR NOT NULL, ref VARCHAR, name VARCHAR, "
    "admin_code VARCHAR, admin_level VARCHAR, latitude DOUBLE, longitude DOUBLE, "
    "import_id VARCHAR NOT NULL)",
    "CREATE TABLE iati_sectors (activity_id VARCHAR NOT NULL, vocabulary VARCHAR, "
    "code VARCHAR NOT NULL, percentage DOUBLE, import_id VARCHAR NOT NULL)",
)

MIGRATIONS = register(
    "flows",
    [
        Migration(1, "parties, ledger, distributions, needs, prices, rates", _TABULAR),
        Migration(2, "IATI activities, participants, transactions, locations, sectors", _IATI),
        Migration(
            3,
            "IATI locations resolved to a province or district P-code",
            ("ALTER TABLE iati_locations ADD COLUMN pcode VARCHAR",),
        ),
    ],
)
