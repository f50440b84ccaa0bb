"""Interviews in the window: planning one (:mod:`.schedule`), reading up before it
(:mod:`.prepare_view`), holding it in interview mode (:mod:`.mode`, saved as you type by
:mod:`.autosave`), the quick panels for expectations and action items, finishing it
(:mod:`.finish`) and resuming one that was cut short (:mod:`.resume`)."""
