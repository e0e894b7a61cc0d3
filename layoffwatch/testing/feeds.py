"""The data feeds in tests: valid ID numbers and credit codes, and the CSV files the lake imports."""

from layoffwatch.core.validators import uscc_with_check_digit


def person_id(n: int, region: str = "500223", born: str = "19900101") -> str:
    # GB 11643 / ISO 7064 MOD 11-2 (stdnum's calc_check_digit wants the check digit included).
    body = f"{region}{born}{n % 1000:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


def uscc(n: int) -> str:
    return uscc_with_check_digit(f"91500152MC{n:07d}")


def write_csv(path, header: list[str], rows: list[list]) -> str:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return str(path)
