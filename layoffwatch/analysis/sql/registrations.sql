-- plan S6.1: a month's unemployment registrations and benefit claims, by last employer and the
-- town the person registered in.
SELECT last_employer_uscc, town_code, count(*) AS registrations,
    count(*) FILTER (WHERE ui_claim) AS benefit_claims
FROM read_parquet($path, union_by_name = true)
GROUP BY last_employer_uscc, town_code
