-- plan S3.1.4: a key sample enterprise's monthly job-loss rate (岗位流失率: net jobs lost over the
-- jobs at the start of the month, from contributions) at or above $rate.
WITH prev AS (
    SELECT employer_uscc AS e, count(*) AS n FROM read_parquet($prev_path)
    WHERE change_type IS DISTINCT FROM 'remove' AND employer_uscc IN (SELECT uscc FROM _registry WHERE is_key_sample)
    GROUP BY e
),
cur AS (
    SELECT employer_uscc AS e, count(*) AS n FROM read_parquet($cur_path)
    WHERE change_type IS DISTINCT FROM 'remove' AND employer_uscc IN (SELECT uscc FROM _registry WHERE is_key_sample)
    GROUP BY e
)
SELECT prev.e AS employer_uscc, prev.n AS headcount_before, coalesce(cur.n, 0) AS headcount_now,
    prev.n - coalesce(cur.n, 0) AS jobs_lost,
    round((prev.n - coalesce(cur.n, 0)) / prev.n, 4) AS job_loss_rate
FROM prev LEFT JOIN cur ON cur.e = prev.e
WHERE (prev.n - coalesce(cur.n, 0)) >= $rate * prev.n AND prev.n > coalesce(cur.n, 0)
ORDER BY job_loss_rate DESC, employer_uscc
