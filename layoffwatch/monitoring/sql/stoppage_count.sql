-- The plain count the benchmark compares against: per employer, people contributing there last
-- month and not this month. No exclusions (job changes, retirement and death all count).
SELECT p.employer_uscc, count(*) AS stopped
FROM read_parquet($prev_path) AS p
ANTI JOIN read_parquet($cur_path) AS c
  ON c.person_key = p.person_key AND c.employer_uscc = p.employer_uscc
GROUP BY p.employer_uscc
HAVING count(*) >= $min_cut
