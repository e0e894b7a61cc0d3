"""LayoffWatch — 潼南区规模性失业风险监测预警平台."""
