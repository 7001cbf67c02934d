from . import (
    core,
    credit,
    collection,
    dunning,
    statement,
    provision,
    writeoff,
    cockpit,
    history,
    payment,
    audit,
    forecast,
)
