"""The language-model core's texts (training status, results, errors), in English (EN) and Spanish (ES): see
playground/i18n/__init__.py."""

EN: dict[str, str] = {
}

ES: dict[str, str] = {
}
