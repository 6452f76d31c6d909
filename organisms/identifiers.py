"""Building valid identifiers for demo data and tests (never for real organisations)."""

from stdnum import luhn


def make_siret(seed: int) -> str:
    """A fictitious but well-formed SIRET: a Luhn-valid SIREN and a Luhn-valid SIRET."""
    siren_base = f"{9_0000_000 + seed % 1_000_000:08d}"
    siren = siren_base + luhn.calc_check_digit(siren_base)
    nic_base = siren + f"{seed % 10_000:04d}"
    return nic_base + luhn.calc_check_digit(nic_base)


def make_nda(seed: int, departement: str = "51") -> str:
    """An 11-digit activity declaration number: region code 44, the département, a serial."""
    return f"44{departement[:2]}{seed % 10_000_000:07d}"
