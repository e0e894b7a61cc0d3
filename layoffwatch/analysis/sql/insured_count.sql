-- plan S6.1: per employer, a month's 参保人数 (rows not marked 'remove').
SELECT employer_uscc, count(*) AS insured
FROM read_parquet($path, union_by_name = true)
WHERE change_type IS DISTINCT FROM 'remove'
GROUP BY employer_uscc
