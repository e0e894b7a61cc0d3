-- plan S3.1.3 社保断缴: per employer, people who contributed there last month and do not this month.
-- Not separations: people contributing at another employer this month (a job change), people
-- leaving for retirement (by reason, or by age from the ID when no reason is given) or death,
-- transfers of the insurance relation out of the district, and (optionally) people hired last
-- month whose contract ends this month (seasonal work).
-- kind: restructuring  = (nearly) the whole workforce left and most went to one other employer;
--       workforce_stop = (nearly) the whole workforce stopped at once: closure or arrears;
--       mass_stoppage  = a partial mass separation at or above the reporting threshold.
-- People are joined on the UBIGINT person key (ADR 0061). The two big inputs are scanned, not
-- materialised (a Parquet scan of three columns is cheaper than a copy); everything after the
-- anti join works on the few leavers only: one semi join fetches their rows of this month.
WITH prev AS NOT MATERIALIZED (
    SELECT person_key AS p, employer_uscc AS e, age, sex, change_type = 'add' AS joined
    FROM read_parquet($prev_path)
    WHERE change_type IS DISTINCT FROM 'remove'
),
cur AS NOT MATERIALIZED (
    SELECT person_key AS p, employer_uscc AS e,
        change_type IS NOT DISTINCT FROM 'remove' AS removed, change_reason
    FROM read_parquet($cur_path)
),
heads AS (
    SELECT e, count(*) AS before FROM prev GROUP BY e
),
leavers AS MATERIALIZED (
    SELECT prev.* FROM prev
    ANTI JOIN (SELECT p, e FROM cur WHERE NOT removed) AS a ON a.p = prev.p AND a.e = prev.e
),
leaver_rows AS MATERIALIZED (
    SELECT c.* FROM cur AS c SEMI JOIN leavers AS l ON l.p = c.p
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
            WHEN $exclude_short AND l.joined AND r.reason = 'contract_end' THEN 'short_contract'
            ELSE 'separation'
        END AS how
    FROM leavers AS l
    LEFT JOIN moved AS m ON m.p = l.p AND m.e = l.e
    LEFT JOIN removed AS r ON r.p = l.p AND r.e = l.e
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
destinations AS (
    SELECT e, new_e, count(*) AS n,
        row_number() OVER (PARTITION BY e ORDER BY count(*) DESC, new_e) AS rank
    FROM classified
    WHERE new_e IS NOT NULL
    GROUP BY e, new_e
),
graded AS (
    SELECT
        CASE
            WHEN s.leavers >= $workforce_stop_share * h.before AND s.leavers >= $min_cut
                 AND coalesce(d.n, 0) >= $restructuring_share * s.leavers THEN 'restructuring'
            WHEN s.leavers >= $workforce_stop_share * h.before AND s.separations >= $min_cut
                THEN 'workforce_stop'
            WHEN s.separations >= $min_cut THEN 'mass_stoppage'
        END AS kind,
        s.e AS employer_uscc,
        h.before AS headcount_before,
        s.leavers, s.separations, s.job_changes, s.retirements, s.deaths, s.transfers_out,
        s.short_contracts,
        round(s.separations / h.before, 4) AS rate,
        d.new_e AS moved_to,
        coalesce(d.n, 0) AS moved_to_count
    FROM per_employer AS s
    JOIN heads AS h ON h.e = s.e
    LEFT JOIN destinations AS d ON d.e = s.e AND d.rank = 1
)
SELECT * FROM graded WHERE kind IS NOT NULL ORDER BY separations DESC, employer_uscc
