-- Deregistration, revocation, bankruptcy or abnormal status of an employer with $min_insured or
-- more insured staff (the larger of the registry and last month's contributions).
-- _registry(uscc, insured_headcount, is_labour_intensive, is_key_sample).
WITH insured AS (
    SELECT employer_uscc AS e, count(*) AS n
    FROM read_parquet($si_paths, union_by_name = true)
    WHERE change_type IS DISTINCT FROM 'remove'
    GROUP BY e, period
)
SELECT b.employer_uscc, b.event, b.event_date,
    greatest(coalesce(max(i.n), 0), coalesce(any_value(r.insured_headcount), 0)) AS insured
FROM read_parquet($path) AS b
LEFT JOIN insured AS i ON i.e = b.employer_uscc
LEFT JOIN _registry AS r ON r.uscc = b.employer_uscc
WHERE b.event IN ('deregistered', 'revoked', 'bankruptcy', 'abnormal')
GROUP BY b.employer_uscc, b.event, b.event_date
HAVING greatest(coalesce(max(i.n), 0), coalesce(any_value(r.insured_headcount), 0)) >= $min_insured
ORDER BY insured DESC, b.employer_uscc
