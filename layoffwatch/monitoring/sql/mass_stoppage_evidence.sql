-- The leavers behind flagged employers: one row per person (hashed), how they left, where to.
WITH prev AS (
    SELECT person_key AS p, employer_uscc AS e, age, sex
    FROM read_parquet($prev_path)
    WHERE change_type IS DISTINCT FROM 'remove' AND employer_uscc IN (SELECT unnest($employers))
),
cur AS (
    SELECT person_key AS p, employer_uscc AS e, change_type, change_reason
    FROM read_parquet($cur_path)
    WHERE person_key IN (SELECT p FROM prev)
)
SELECT prev.e AS employer_uscc, printf('%016x', prev.p) AS person, prev.age, prev.sex,
    any_value(CASE WHEN c.e = prev.e AND c.change_type = 'remove' THEN c.change_reason END) AS reason,
    min(CASE WHEN c.e <> prev.e AND c.change_type IS DISTINCT FROM 'remove' THEN c.e END) AS now_at
FROM prev
LEFT JOIN cur AS c ON c.p = prev.p
GROUP BY prev.e, prev.p, prev.age, prev.sex
HAVING count(*) FILTER (WHERE c.e = prev.e AND c.change_type IS DISTINCT FROM 'remove') = 0
ORDER BY prev.e, now_at NULLS FIRST, person
