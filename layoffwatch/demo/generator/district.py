"""The pure half of the generator (ADR 0030): `build(...)` plans a synthetic district from a
`random.Random(seed)`, the towns and industries it is given and the period it is told. It never
reads the clock, the database or the global random state, so the same arguments always give the
same `Plan`; each step draws from the one random stream in a fixed order."""

import datetime as dt
import random

from layoffwatch.core.validators import USCC_CHARS, uscc_with_check_digit

from .plan import EnterpriseSpec, Plan, add_months, month_start
from .shape import (
    AGENCY_CLASSES,
    BIG_SERVICES,
    DEFAULT_ENTERPRISES,
    DEFAULT_MONTHS,
    DEFAULT_SEED,
    GIVEN,
    INSTITUTIONS,
    MOBILE_PREFIXES,
    OTHER_REGIONS,
    PLATFORM_CLASSES,
    ROADS,
    RURAL_WEIGHT,
    SECTOR_BY_KEY,
    SECTORS,
    SHOPS,
    SIZE_BANDS,
    SURNAMES,
    TONGNAN,
    TOWN_WEIGHTS,
    TRADE_CHARS,
    URBAN,
    VILLAGES,
)


def _scaled(at_default: float, n: int, minimum: int = 1) -> int:
    """A count given for the default 1,500 enterprises, scaled to n (at least `minimum`)."""
    return max(minimum, round(at_default * n / DEFAULT_ENTERPRISES)) if n else 0


class _Builder:
    def __init__(self, *, seed, towns, industries, end_period, months):
        self.rng = random.Random(seed)
        self.towns = towns  # [(code, name)]
        self.industries = industries  # {code: labour_intensive}
        self.end_period = month_start(end_period)
        self.months = months
        self.usccs: set[str] = set()
        self.names: set[str] = set()

    # -- small pieces -------------------------------------------------------------------------
    def person(self) -> str:
        r = self.rng
        given = r.choice(GIVEN) + (r.choice(GIVEN) if r.random() < 0.7 else "")
        return r.choice(SURNAMES) + given

    def phone(self) -> str:
        r = self.rng
        if r.random() < 0.25:  # Tongnan landlines: 023-4455xxxx / 023-4444xxxx
            return f"023-{r.choice(['4455', '4444', '4456'])}{r.randrange(10000):04d}"
        return r.choice(MOBILE_PREFIXES) + f"{r.randrange(10**8):08d}"

    def trade_name(self) -> str:
        return self.rng.choice(TRADE_CHARS) + self.rng.choice(TRADE_CHARS)

    def address(self, town_code: str, town_name: str) -> str:
        r = self.rng
        if town_code in URBAN:
            return f"重庆市潼南区{town_name}{r.choice(ROADS)}{r.randint(1, 999)}号"
        return f"重庆市潼南区{town_name}{r.choice(VILLAGES)}村{r.randint(1, 12)}社"

    def uscc(self, authority: str, region: str) -> str:
        """18 characters: authority (2), region (6), organisation code (9), GB 32100 check digit."""
        r = self.rng
        while True:
            if authority in ("91", "92", "93") and r.random() < 0.85:
                # Codes issued since 2015 carry an "MA" organisation code.
                body = "MA" + "".join(r.choice(USCC_CHARS) for _ in range(6))
            elif authority == "51":
                body = "MJ" + "".join(r.choice("0123456789") for _ in range(6))
            else:
                body = r.choice("5677") + "".join(r.choice("0123456789") for _ in range(7))
            code = uscc_with_check_digit(authority + region + body + _org_check(body))
            if code not in self.usccs:
                self.usccs.add(code)
                return code

    def unique_name(self, make) -> str:
        for _ in range(50):
            name = make()
            if name not in self.names:
                self.names.add(name)
                return name
        name = make() + f"（{len(self.names)}）"  # pragma: no cover - very large runs only
        self.names.add(name)
        return name

    def industry_code(self, code: str) -> str:
        """The class code if the reference table has it, else its division (never an unknown code)."""
        if code in self.industries:
            return code
        if code[:2] in self.industries:
            return code[:2]
        raise ValueError(
            f"行业代码 {code} 不在行业表中 / industry {code} is not in the reference table"
        )

    def size(self, max_band: int) -> tuple[int, int]:
        """A headcount from SIZE_BANDS restricted to bands 0..max_band (shares renormalised)."""
        r = self.rng
        bands = SIZE_BANDS[: max_band + 1]
        band = r.choices(range(len(bands)), weights=[share for _, _, share in bands])[0]
        low, high, _ = bands[band]
        # log-uniform inside the band: more 6s than 49s.
        value = int(round(low * (high / low) ** r.random())) if low > 1 else r.randint(low, high)
        return max(low, min(high, value)), band

    # -- one enterprise ---------------------------------------------------------------------------
    def enterprise(self, town_code: str, town_name: str) -> EnterpriseSpec:
        r = self.rng
        urban = town_code in URBAN
        sector = r.choices(
            SECTORS, weights=[s.weight_urban if urban else s.weight_rural for s in SECTORS]
        )[0]
        class_code, word = r.choice(sector.classes)
        max_band = sector.max_band
        if sector.key == "services" and class_code not in BIG_SERVICES:
            max_band = 2  # shops, salons and consultancies stay under 100
        headcount, band = self.size(max_band)
        authority, region, ownership = self.registration(sector.key, headcount, urban=urban)
        class_code, name, headcount = self.named(
            authority,
            sector=sector.key,
            class_code=class_code,
            word=word,
            headcount=headcount,
            band=band,
            ownership=ownership,
            town_name=town_name,
        )
        code = self.industry_code(class_code)
        return EnterpriseSpec(
            uscc=self.uscc(authority, region),
            name=name,
            town=town_code,
            industry=code,
            ownership=ownership,
            insured_headcount=headcount,
            address=self.address(town_code, town_name),
            legal_representative=self.person(),
            contact_name=self.person(),
            contact_phone=self.phone(),
            sector=sector.key,
            is_labour_intensive=self.industries[code],
        )

    def registration(self, sector: str, headcount: int, *, urban: bool) -> tuple[str, str, str]:
        """(USCC authority code, region code, ownership): mostly companies (91) registered in
        Tongnan; small shops, workshops and farms as individual businesses (92), farms as
        cooperatives (93), a few public service units (12), associations (51) and village
        collectives (N2); a company now and then registered elsewhere."""
        r = self.rng
        authority, region, ownership = "91", TONGNAN, "private"
        roll = r.random()
        if headcount <= 20 and sector in ("services", "food", "agriculture") and roll < 0.35:
            authority, ownership = "92", "individual"
        elif sector == "agriculture" and headcount <= 80 and roll < 0.55:
            authority, ownership = "93", "cooperative"
        elif roll > 0.99 and not urban:
            authority, ownership = "12", "institution"
        elif roll > 0.975:
            authority, ownership = "51", "social"
        elif roll > 0.968 and not urban:
            authority, ownership = "N2", "collective"
        if authority == "91":
            if r.random() < 0.08:
                region = r.choice(OTHER_REGIONS)
            ownership = r.choices(
                ["private", "state", "collective", "foreign", "hmt", "other"],
                weights=[86, 5, 2, 2, 2, 3],
            )[0]
        return authority, region, ownership

    def named(
        self,
        authority: str,
        *,
        sector: str,
        class_code: str,
        word: str,
        headcount: int,
        band: int,
        ownership: str,
        town_name: str,
    ) -> tuple[str, str, int]:
        """(class code, unique name, headcount) of an employer registered under `authority`:
        each kind has its own trades, its own way of being named and its own size limit."""
        r = self.rng
        if authority == "92":
            if sector == "services":
                class_code, word = r.choice(SHOPS)
                suffix = "馆" if class_code.startswith("62") else r.choice(["经营部", "商行", "店"])
            else:
                suffix = "加工坊" if sector == "food" else "家庭农场"
            name = self.unique_name(lambda: f"潼南区{town_name}{self.trade_name()}{word}{suffix}")
            return class_code, name, min(headcount, 20)
        if authority == "93":
            name = self.unique_name(lambda: f"重庆市潼南区{self.trade_name()}{word}专业合作社")
            return class_code, name, headcount
        if authority == "12":
            class_code, word = r.choice(INSTITUTIONS)
            name = self.unique_name(lambda: f"重庆市潼南区{town_name}{word}")
            return class_code, name, min(headcount, 99)
        if authority == "51":
            name = self.unique_name(
                lambda: f"重庆市潼南区{self.trade_name()}{word}{r.choice(['协会', '商会'])}"
            )
            return "9522", name, min(headcount, 30)
        if authority == "N2":
            name = self.unique_name(
                lambda: f"重庆市潼南区{town_name}{r.choice(VILLAGES)}村股份经济合作联合社"
            )
            return "7215", name, min(headcount, 30)
        return class_code, self.unique_name(lambda: self.company(word, ownership, band)), headcount

    def company(self, word: str, ownership: str, band: int) -> str:
        """A company's name: state-owned ones name the district, large ones are 股份有限公司."""
        r = self.rng
        t = self.trade_name()
        if ownership == "state":
            return (
                f"重庆市潼南区{t}{word}投资有限公司"
                if r.random() < 0.5
                else f"重庆潼南{t}{word}有限公司"
            )
        if band >= 4 and r.random() < 0.6:
            return f"重庆{t}{word}股份有限公司"
        pattern = r.random()
        if pattern < 0.45:
            return f"重庆市潼南区{t}{word}有限公司"
        if pattern < 0.75:
            return f"潼南{t}{word}有限公司"
        if pattern < 0.9:
            return f"重庆{t}{word}有限公司"
        return f"潼南县{t}{word}有限责任公司"  # registered before Tongnan became a district (2015)

    def special(
        self, town_code: str, town_name: str, *, classes, suffix: str, low: int, high: int
    ) -> EnterpriseSpec:
        r = self.rng
        class_code, word = r.choice(classes)
        name = self.unique_name(lambda: f"重庆潼南{self.trade_name()}{word}{suffix}")
        code = self.industry_code(class_code)
        return EnterpriseSpec(
            uscc=self.uscc("91", TONGNAN),
            name=name,
            town=town_code,
            industry=code,
            ownership="private",
            insured_headcount=r.randint(low, high),
            address=self.address(town_code, town_name),
            legal_representative=self.person(),
            contact_name=self.person(),
            contact_phone=self.phone(),
            sector="services",
            is_labour_intensive=self.industries[code],
        )

    # -- history ----------------------------------------------------------------------------------
    def history(self, e: EnterpriseSpec) -> None:
        """`months` month-end headcounts ending at end_period, scaled so the last equals today's size."""
        r = self.rng
        sector = SECTOR_BY_KEY[e.sector]
        periods = [
            add_months(self.end_period, -i) for i in range(self.months, -1, -1)
        ]  # one extra before
        drift = r.gauss(0.002, 0.004)
        start_decline = (
            r.randint(self.months // 2, self.months - 3) if e.trend == "declining" else None
        )
        decline = r.uniform(0.015, 0.04)
        cut_at = r.randint(self.months - 2, self.months) if e.trend == "sudden_cut" else None
        cut = r.uniform(0.2, 0.35)
        level, raw = 1.0, []
        for i, period in enumerate(periods):
            if i:
                level *= 1 + drift
                if start_decline is not None and i >= start_decline:
                    level *= 1 - decline
                if cut_at is not None and i == cut_at:
                    level *= 1 - cut
            raw.append(level * (1 + sector.season.get(period.month, 0.0)) * (1 + r.gauss(0, 0.01)))
        scale = e.insured_headcount / raw[-1]
        counts = [max(0, round(v * scale)) for v in raw]
        counts[-1] = e.insured_headcount
        history = []
        for i in range(1, len(periods)):
            prev, cur = counts[i - 1], counts[i]
            churn = prev * sector.turnover * r.uniform(0.5, 1.5)
            churn = int(churn) + (r.random() < churn - int(churn))
            hires = churn + max(0, cur - prev)
            separations = churn + max(0, prev - cur)
            history.append((periods[i], cur, hires, separations))
        e.history = history

    # -- the whole district ---------------------------------------------------------------------
    def build(self, n: int) -> Plan:
        enterprises = self.employers(n)
        self.trends(enterprises, n)
        self.key_samples_and_watch_list(enterprises, n)
        commissioners = self.commissioners(enterprises)
        dispatches = self.dispatches(enterprises)
        for e in enterprises:
            self.history(e)
        return Plan(
            seed=0,
            end_period=self.end_period,
            months=self.months,
            enterprises=enterprises,
            dispatches=dispatches,
            commissioners=commissioners,
        )

    def employers(self, n: int) -> list[EnterpriseSpec]:
        """`n` employers spread over the towns by TOWN_WEIGHTS, then the HR agencies and the
        platform employers in the urban streets."""
        r = self.rng
        towns = list(self.towns)
        weights = [TOWN_WEIGHTS.get(code, RURAL_WEIGHT) for code, _ in towns]
        names = dict(towns)
        n_agencies = min(n, _scaled(8, n)) if n >= 10 else 0
        n_platform = min(n - n_agencies, _scaled(5, n)) if n >= 10 else 0
        n_regular = n - n_agencies - n_platform
        # Every town gets at least one enterprise when there are enough to go round.
        town_codes = [code for code, _ in towns][:n_regular]
        town_codes += r.choices(
            [code for code, _ in towns], weights=weights, k=n_regular - len(town_codes)
        )
        enterprises = [self.enterprise(code, names[code]) for code in town_codes]
        for _ in range(n_agencies):
            code = r.choices(["500152001000", "500152002000", "500152003000"], weights=[5, 4, 2])[0]
            e = self.special(
                code,
                names.get(code, code),
                classes=AGENCY_CLASSES,
                suffix="有限公司",
                low=8,
                high=60,
            )
            e.is_hr_agency = True
            enterprises.append(e)
        for _ in range(n_platform):
            code = r.choice(["500152001000", "500152002000"])
            e = self.special(
                code,
                names.get(code, code),
                classes=PLATFORM_CLASSES,
                suffix="有限公司",
                low=5,
                high=40,
            )
            e.is_platform_employer = True
            enterprises.append(e)
        return enterprises

    def trends(self, enterprises: list[EnterpriseSpec], n: int) -> None:
        """A few declining enterprises and a few sudden cuts (what later stages must find)."""
        candidates = [
            i for i, e in enumerate(enterprises) if e.insured_headcount >= 30 and not e.is_hr_agency
        ]
        self.rng.shuffle(candidates)
        n_declining = min(len(candidates), _scaled(45, n))
        n_cuts = min(len(candidates) - n_declining, _scaled(12, n))
        for i in candidates[:n_declining]:
            enterprises[i].trend = "declining"
        big = [i for i in candidates[n_declining:] if enterprises[i].insured_headcount >= 100]
        for i in big[:n_cuts]:
            enterprises[i].trend = "sudden_cut"

    def key_samples_and_watch_list(self, enterprises: list[EnterpriseSpec], n: int) -> None:
        """Key samples (plan S3.1.4): the larger employers, weighted by size; the watch list
        (S2.3): mostly those in trouble, then other large labour-intensive ones."""
        r = self.rng
        pool = [
            i
            for i, e in enumerate(enterprises)
            if e.ownership not in ("individual", "social", "collective")
        ]
        pool.sort(key=lambda i: -enterprises[i].insured_headcount * r.uniform(0.5, 1.5))
        for i in pool[: _scaled(60, n)]:
            enterprises[i].is_key_sample = True
        troubled = [i for i, e in enumerate(enterprises) if e.trend == "sudden_cut"]
        troubled += [i for i, e in enumerate(enterprises) if e.trend == "declining"]
        others = [
            i
            for i in pool
            if enterprises[i].is_labour_intensive and enterprises[i].trend == "steady"
        ]
        n_watch = _scaled(40, n)
        watch = troubled[: int(n_watch * 0.7)]
        watch += others[: n_watch - len(watch)]
        for i in watch:
            enterprises[i].on_watch_list = True

    def commissioners(self, enterprises: list[EnterpriseSpec]) -> list[tuple[str, str]]:
        """Commissioners (稳企惠企服务专员) serve the key samples, the watch list and the big
        employers, in turn by town and credit code; returns (username, display name) of each."""
        commissioners = [("commissioner", "陈专员")] + [
            (f"commissioner{k}", f"{self.person()[0]}专员") for k in range(2, 6)
        ]
        served = [
            i
            for i, e in enumerate(enterprises)
            if e.is_key_sample or e.on_watch_list or e.insured_headcount >= 200
        ]
        served.sort(key=lambda i: (enterprises[i].town, enterprises[i].uscc))
        for k, i in enumerate(served):
            enterprises[i].commissioner = k * len(commissioners) // max(1, len(served))
        return commissioners

    def dispatches(self, enterprises: list[EnterpriseSpec]) -> list[tuple]:
        """Dispatch relations (plan S3.1.2): each agency places staff with several manufacturers;
        (agency index, user enterprise index, dispatched headcount, since)."""
        r = self.rng
        agencies = [i for i, e in enumerate(enterprises) if e.is_hr_agency]
        users = [
            i
            for i, e in enumerate(enterprises)
            if not e.is_hr_agency
            and e.insured_headcount >= 50
            and e.sector in ("food", "auto", "electronics", "building", "chemical", "construction")
        ]
        dispatches, pairs = [], set()
        for a in agencies:
            for u in r.sample(users, min(len(users), r.randint(3, 10))):
                if (a, u) in pairs:
                    continue
                pairs.add((a, u))
                share = r.uniform(0.05, 0.2)
                since = add_months(self.end_period, -r.randint(6, 60))
                dispatches.append(
                    (a, u, max(1, round(enterprises[u].insured_headcount * share)), since)
                )
        return dispatches


def _org_check(body8: str) -> str:
    """GB 11714 organisation code check character for an 8-character body."""
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(
        w * (int(c) if c.isdigit() else ord(c) - 55) for w, c in zip(weights, body8, strict=True)
    )
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def build(
    *,
    seed: int = DEFAULT_SEED,
    enterprises: int = DEFAULT_ENTERPRISES,
    months: int = DEFAULT_MONTHS,
    end_period: dt.date,
    towns: list[tuple[str, str]],
    industries: dict[str, bool],
) -> Plan:
    """The plan for a synthetic district, from the seed alone (pure: no clock, no database)."""
    if enterprises < 0 or months < 1:
        raise ValueError("enterprises must be >= 0 and months >= 1")
    if not towns:
        raise ValueError("no towns: load the reference data first")
    plan = _Builder(
        seed=seed, towns=sorted(towns), industries=industries, end_period=end_period, months=months
    ).build(enterprises)
    plan.seed = seed
    return plan
