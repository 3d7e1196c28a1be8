"""Template context shared by every page."""
from portfolio import selectors


def portal(request):
    """Whether synthetic offering data is shown anywhere (drives the 'synthetisch' notice)."""
    return {"synthetisch": selectors.portfolio_is_synthetic()}
