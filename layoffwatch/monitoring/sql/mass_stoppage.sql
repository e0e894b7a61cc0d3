-- plan S3.1.3 社保断缴: per employer, one month's flows against the month before: who left, how
-- (classified), who came, and where most of the leavers went. detectors/mass_stoppage.py judges
-- these flows against the employer's own recent months (ADR 0095) and grades them.
--
-- The event month (ADR 0095) is the first month a person no longer contributes at the employer:
-- they are in $prev_path and not in $cur_path (or listed there as 减员). A 变动日期 is evidence, not
-- the month: both file forms (with 增减变动/变动原因 and a plain monthly snapshot) give the same month.
--
-- Not separations: people contributing at another employer this month (a job change), people
-- leaving for retirement (by reason, or by age from the ID when no reason is given) or death,
-- transfers of the insurance relation out of the district, and (optionally) people who joined
-- last month and leave at their contract's end (seasonal work). "Joined last month" is the
-- 增减变动 增加 mark, or, when $have_before, not contributing there the month before last
-- ($before_path): so a snapshot file without change columns tells it too.
--
-- $all = true: every employer, rows with at least $min_rows leavers (the month being judged);
-- $all = false: only $employers, a row for each that had staff last month (their baseline months).
-- People are joined on the UBIGINT person key (ADR 0061). The two big inputs are scanned, not
-- materialised; everything after the anti join works on the few leavers only.
WITH prev AS NOT MATERIALIZED (
    SELECT person_key AS p, employer_uscc AS e, age, sex, change_type = 'add' AS added
    FROM read_parquet($prev_path)
    WHERE change_type IS DISTINCT FROM 'remove'
        AND ($all OR employer_uscc IN (SELECT unnest($employers)))
),
cur AS NOT MATERIALIZED (
    SELECT person_key AS p, employer_uscc AS e,
        change_type IS NOT DISTINCT FROM 'remove' AS removed, change_reason
    FROM read_parquet($cur_path)
),
leavers AS MATERIALIZED (
    SELECT prev.* FROM prev
    ANTI JOIN (SELECT p, e FROM cur WHERE NOT removed) AS a ON a.p = prev.p AND a.e = prev.e
),
per_leaving_employer AS MATERIALIZED (
    SELECT e, count(*) AS leavers FROM leavers GROUP BY e
),
judged AS MATERIALIZED (
    SELECT e FROM per_leaving_employer WHERE $all AND leavers >= $min_rows
    UNION ALL
    SELECT unnest($employers) AS e WHERE NOT $all
),
leaver_rows AS MATERIALIZED (
    SELECT c.* FROM cur AS c SEMI JOIN leavers AS l ON l.p = c.p
),
earlier AS (
    SELECT b.person_key AS p, b.employer_uscc AS e
    FROM read_parquet($before_path) AS b
    SEMI JOIN leavers AS l ON l.p = b.person_key AND l.e = b.employer_uscc
    WHERE $have_before AND b.change_type IS DISTINCT FROM 'remove'
),
moved AS (
    SELECT l.p, l.e, min(a.e) AS new_e
    FROM leavers AS l JOIN leaver_rows AS a ON a.p = l.p AND NOT a.removed
    GROUP BY l.p, l.e
),
removed AS (
    SELECT c.p, c.e, any_value(c.change_reason) AS reason
    FROM leaver_rows AS c SEMI JOIN leavers AS l ON l.p = c.p AND l.e = c.e
    WHERE c.removed
    GROUP BY c.p, c.e
),
classified AS (
    SELECT l.e, l.p, m.new_e,
        CASE
            WHEN m.new_e IS NOT NULL THEN 'job_change'
            WHEN r.reason = 'retirement' THEN 'retirement'
            WHEN r.reason IS NULL AND (
                (l.sex = 'male' AND l.age >= $retire_male)
                OR (l.sex = 'female' AND l.age >= $retire_female)
            ) THEN 'retirement'
            WHEN r.reason = 'death' THEN 'death'
            WHEN r.reason = 'transfer_out' THEN 'transfer_out'
            WHEN $exclude_short AND coalesce(r.reason, 'contract_end') = 'contract_end'
                AND (l.added OR ($have_before AND b.p IS NULL)) THEN 'short_contract'
            ELSE 'separation'
        END AS how
    FROM leavers AS l
    SEMI JOIN judged AS j ON j.e = l.e
    LEFT JOIN moved AS m ON m.p = l.p AND m.e = l.e
    LEFT JOIN removed AS r ON r.p = l.p AND r.e = l.e
    LEFT JOIN earlier AS b ON b.p = l.p AND b.e = l.e
),
per_employer AS (
    SELECT e,
        count(*) AS leavers,
        count(*) FILTER (WHERE how = 'separation') AS separations,
        count(*) FILTER (WHERE how = 'job_change') AS job_changes,
        count(*) FILTER (WHERE how = 'retirement') AS retirements,
        count(*) FILTER (WHERE how = 'death') AS deaths,
        count(*) FILTER (WHERE how = 'transfer_out') AS transfers_out,
        count(*) FILTER (WHERE how = 'short_contract') AS short_contracts
    FROM classified
    GROUP BY e
),
heads AS (
    SELECT e, count(*) AS before FROM prev SEMI JOIN judged USING (e) GROUP BY e
),
staying_or_new AS (
    SELECT e, count(*) AS now FROM cur SEMI JOIN judged USING (e) WHERE NOT removed GROUP BY e
),
destinations AS (
    SELECT e, new_e, count(*) AS n,
        row_number() OVER (PARTITION BY e ORDER BY count(*) DESC, new_e) AS rank
    FROM classified
    WHERE new_e IS NOT NULL
    GROUP BY e, new_e
)
SELECT
    h.e AS employer_uscc,
    h.before AS headcount_before,
    coalesce(n.now, 0) AS headcount_after,
    -- people there this month who were not there last month (new hires and arrivals by job change)
    coalesce(n.now, 0) - (h.before - coalesce(s.leavers, 0)) AS hires,
    coalesce(s.leavers, 0) AS leavers,
    coalesce(s.separations, 0) AS separations,
    coalesce(s.job_changes, 0) AS job_changes,
    coalesce(s.retirements, 0) AS retirements,
    coalesce(s.deaths, 0) AS deaths,
    coalesce(s.transfers_out, 0) AS transfers_out,
    coalesce(s.short_contracts, 0) AS short_contracts,
    d.new_e AS moved_to,
    coalesce(d.n, 0) AS moved_to_count
FROM heads AS h
LEFT JOIN per_employer AS s ON s.e = h.e
LEFT JOIN staying_or_new AS n ON n.e = h.e
LEFT JOIN destinations AS d ON d.e = h.e AND d.rank = 1
ORDER BY separations DESC, employer_uscc
