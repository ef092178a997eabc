from . import onestop_dashboard
