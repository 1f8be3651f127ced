"""The texts every tab shares (title, tab names, the page's own scripts, generic messages), in English (EN) and
Spanish (ES): see playground/i18n/__init__.py."""

EN: dict[str, str] = {
    "common.title": "Deep-learning playground",
    "common.language": "Language",
    "common.tab_builder": "CNN builder",
    "common.tab_training": "Training",
    "common.tab_draw": "Draw",
    "common.tab_next_word": "Next word",
    "common.tab_diffusion": "Diffusion",
    "common.tab_basics": "Basics",
    "common.bug": "Something went wrong on the server (it is logged there). Your work on this page is kept; please "
                  "try again.",
    "common.no_file": "No file arrived.",
    "common.limit_above": "{typed} is more than the most this setting takes ({used}), so {used} is used.",
    "common.limit_below": "{typed} is less than the least this setting takes ({used}), so {used} is used.",
    "common.device": "Device",
    "common.cpu_threads": "CPU ({threads} threads)",
    "common.export_disk_full": "{name} ({mb:.1f} MB) was not saved: the server's disk is full. Your work on the page "
                               "is kept; try again later",
    "common.export_failed": "{name} ({mb:.1f} MB) was not saved: the server could not write it ({why}). Your work on "
                            "the page is kept; try again later",
}

ES: dict[str, str] = {
    "common.title": "Laboratorio de aprendizaje profundo",
    "common.language": "Idioma",
    "common.tab_builder": "Constructor de CNN",
    "common.tab_training": "Entrenamiento",
    "common.tab_draw": "Dibujar",
    "common.tab_next_word": "Siguiente palabra",
    "common.tab_diffusion": "Difusión",
    "common.tab_basics": "Fundamentos",
    "common.bug": "Algo falló en el servidor (queda anotado allí). Tu trabajo en esta página se conserva; vuelve a "
                  "intentarlo.",
    "common.no_file": "No ha llegado ningún archivo.",
    "common.limit_above": "{typed} es más de lo máximo que admite este ajuste ({used}), así que se usa {used}.",
    "common.limit_below": "{typed} es menos de lo mínimo que admite este ajuste ({used}), así que se usa {used}.",
    "common.device": "Dispositivo",
    "common.cpu_threads": "CPU ({threads} hilos)",
    "common.export_disk_full": "{name} ({mb:.1f} MB) no se ha guardado: el disco del servidor está lleno. Tu trabajo "
                               "en la página se conserva; inténtalo más tarde",
    "common.export_failed": "{name} ({mb:.1f} MB) no se ha guardado: el servidor no pudo escribirlo ({why}). Tu "
                            "trabajo en la página se conserva; inténtalo más tarde",
}
