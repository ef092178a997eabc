from . import onestop_dossier_report
