-- plan S6.1: per employer, this month's 参保人数 (rows not marked 'remove', as the detectors count
-- them), its 岗位流失 (remove rows whose reason is not in $not_loss: retirement, death, transfer
-- out), all its remove rows, and last month's 参保人数. One pass over each month's file.
WITH cur AS (
    SELECT employer_uscc,
        count(*) FILTER (WHERE change_type IS DISTINCT FROM 'remove') AS insured,
        count(*) FILTER (WHERE change_type = 'remove'
            AND NOT list_contains($not_loss, coalesce(change_reason, ''))) AS job_losses,
        count(*) FILTER (WHERE change_type = 'remove') AS removes
    FROM read_parquet($cur_path, union_by_name = true)
    GROUP BY employer_uscc
),
prev AS (
    SELECT employer_uscc, count(*) AS insured
    FROM read_parquet($prev_path, union_by_name = true)
    WHERE change_type IS DISTINCT FROM 'remove'
    GROUP BY employer_uscc
)
SELECT coalesce(cur.employer_uscc, prev.employer_uscc), coalesce(cur.insured, 0),
    coalesce(cur.job_losses, 0), coalesce(cur.removes, 0), coalesce(prev.insured, 0)
FROM cur FULL OUTER JOIN prev ON prev.employer_uscc = cur.employer_uscc
