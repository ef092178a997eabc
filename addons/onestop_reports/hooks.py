def post_init_hook(env):
    """Vietnamese, the language of the official forms, active with its terms."""
    env["res.lang"]._onestop_activate_vietnamese()
