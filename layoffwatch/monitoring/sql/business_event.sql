-- Deregistration, revocation, bankruptcy or abnormal status of an employer with $min_insured or
-- more insured staff (the larger of the registry and the larger of last month's and this month's
-- contributions), with where that headcount comes from (ADR 0096): `insured_source`
-- 'social_insurance' (and the month, `insured_period`) or 'registry'.
-- _registry(uscc, insured_headcount, is_labour_intensive, is_key_sample).
WITH months AS (
    SELECT employer_uscc AS e, period, count(*) AS n
    FROM read_parquet($si_paths, union_by_name = true)
    WHERE change_type IS DISTINCT FROM 'remove'
    GROUP BY e, period
),
insured AS (
    SELECT e, n, period FROM months
    QUALIFY row_number() OVER (PARTITION BY e ORDER BY n DESC, period DESC) = 1
),
events AS (
    SELECT b.employer_uscc, b.event, b.event_date,
        coalesce(any_value(i.n), 0) AS si, any_value(i.period) AS si_period,
        coalesce(any_value(r.insured_headcount), 0) AS registry
    FROM read_parquet($path) AS b
    LEFT JOIN insured AS i ON i.e = b.employer_uscc
    LEFT JOIN _registry AS r ON r.uscc = b.employer_uscc
    WHERE b.event IN ('deregistered', 'revoked', 'bankruptcy', 'abnormal')
    GROUP BY b.employer_uscc, b.event, b.event_date
)
SELECT employer_uscc, event, event_date, greatest(si, registry) AS insured,
    CASE WHEN si >= registry THEN 'social_insurance' ELSE 'registry' END AS insured_source,
    CASE WHEN si >= registry THEN si_period END AS insured_period
FROM events
WHERE greatest(si, registry) >= $min_insured
ORDER BY insured DESC, employer_uscc
