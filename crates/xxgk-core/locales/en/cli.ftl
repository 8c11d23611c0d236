# Command line: what the store's commands (check --db, files, organs, versions, roster, stats,
# query, export, correct, rollup) print.

# A place (a file, an organ) and what is said of it.
cli-at = { $place }: { $what }
cli-no-store = { $db }: no such store (make it with `xxgk ingest`)
cli-no-organ-id = no organ with id { $id }
cli-no-organ-name = no organ is named '{ $name }'
cli-organ-ambiguous = '{ $name }' matches { $n } { $n ->
        [one] organ
       *[other] organs
    }; give an id or the full name:
    { $list }
cli-organs-merged = organ { $from } merged into { $into }
cli-organ-split = reports signed '{ $name }' are now organ { $id }
cli-no-report-signed = no report is signed '{ $name }'
cli-col-findings = findings
cli-col-reports = reports
cli-col-code = code
cli-col-severity = severity
cli-col-path = path
cli-col-format = format
cli-col-status = status
cli-col-report = report
cli-col-organ = organ
cli-col-year = year
cli-col-published = published
cli-also-at = the same report also at: { $path }
cli-unreadable-files = { $n } { $n ->
        [one] file
       *[other] files
    } could not be read:
cli-check-summary = { $findings } { $findings ->
        [one] finding
       *[other] findings
    } in { $reports } { $reports ->
        [one] report
       *[other] reports
    }, { $errors } { $errors ->
        [one] error
       *[other] errors
    }{ $corrected ->
    [true] {" "}(corrected values)
   *[other] {" "}(values as published)
}; { $unreadable } unreadable files
cli-path-removed = removed from the store: { $path }
cli-no-such-paths = the store has no such paths: { LIST($paths) }
cli-path-read = read
cli-version-chosen = report #{ $id } is now the current version of its organ's year
cli-version-current = current
cli-version-copy = copy of the same content
cli-version-superseded = superseded
cli-units-imported = { $n } { $n ->
        [one] unit
       *[other] units
    } imported
cli-xlsx-needs-output = xlsx is binary: name an output file with -o
cli-cannot-write = { $path }: cannot write ({ $why })
cli-sheet-stats = stats
cli-sheet-query = query
cli-stats-note = { $corrected ->
    [true] corrected values
   *[other] values as published
}; blank cells count as unknown; shares only over the rate_reports reports that state every outcome
cli-exported = { $n } { $what ->
    [findings] findings
    [reports] reports
   *[values] values
} exported { $corrected ->
    [true] (corrected values)
   *[other] (values as published)
}
cli-written = written { $path }
cli-correction-recorded = correction #{ $id } recorded; the published value is kept
cli-blank = blank
cli-rollup-units-of = { $present } of { $n } { $n ->
        [one] unit
       *[other] units
    } present{ $present ->
    [0] {""}
   *[other] {" "}({ LIST($units) })
}
cli-rollup-units = { $present } { $present ->
        [one] unit
       *[other] units
    } present (no roster: the expected units are unknown){ $present ->
    [0] {""}
   *[other] {" "}({ LIST($units) })
}
cli-rollup-missing = missing: { LIST($units) }
cli-rollup-differs = government { $government }, units' sum { $units }
cli-rollup-partial = the units are incomplete, so the sums are partial: { $n } { $n ->
        [one] cell
       *[other] cells
    } differ from the present units' sum, not flagged
cli-rollup-unknown = { $n } more cells cannot be summed: a unit left them blank
cli-rollup-summary = { $n } government reports compared ({ $complete } with every unit present), { $differing } { $differing ->
        [one] cell
       *[other] cells
    } differ from their units' sum
cli-summary-year = { $year }
cli-summary = {" "}template { $template } { $tables } { $tables ->
        [one] error
       *[other] errors
    } { $errors } { $errors ->
        [one] warning
       *[other] warnings
    } { $warnings }
cli-no-such-paths-given = no such file or directory: { LIST($paths) }
cli-no-files = no files found in { LIST($paths) }
cli-checked = checked { $reports } { $reports ->
        [one] report
       *[other] reports
    }: { $errors } { $errors ->
        [one] error
       *[other] errors
    }, { $warnings } { $warnings ->
        [one] warning
       *[other] warnings
    }, { $unreadable } unreadable { $unreadable ->
        [one] file
       *[other] files
    }
cli-store-created = created an empty store { $db }
cli-serving = review workspace: { $url } (Ctrl+C to stop)
cli-nothing-to-evaluate = nothing to evaluate in { LIST($paths) } (X.<ext> beside X.expected.json)
cli-ingest-progress = ingest: { $done }/{ $n } { $n ->
        [one] file
       *[other] files
    }, { $rate }/s
cli-ingested = { $files } { $files ->
        [one] file
       *[other] files
    } in { $secs } s: { $reports } { $reports ->
        [one] report
       *[other] reports
    } added, { $unchanged } unchanged, { $unreadable } unreadable → { $db }

# The progress bar: the words after the count of files and before the time left.
cli-progress-files = files
cli-progress-left = left

# Accounts (xxgk users) and serving the workspace (xxgk serve).
cli-password-prompt = Password:
cli-password-again = Again:
cli-password-mismatch = the two passwords differ; nothing was saved
cli-no-role = '{ $role }' is no role: admin, reviewer, viewer, agency
cli-user-added = account '{ $name }' made ({ $role })
cli-user-disabled = account '{ $name }' disabled; its sessions ended
cli-user-enabled = account '{ $name }' enabled
cli-user-password-set = password of '{ $name }' changed; its sessions ended
cli-user-role-set = '{ $name }' is now { $role }
cli-users-none = No account yet. Make the first administrator with xxgk users add --role admin NAME.
cli-serve-needs-account = the store { $db } has no account yet, so it is not served beyond this machine (anyone reaching the port could read and change everything). Make an administrator first with xxgk users add --db { $db } --role admin NAME, or serve on loopback (127.0.0.1) only.
cli-serve-plain-http = Note: the workspace is served over plain HTTP. On an office network put it behind an HTTPS proxy (nginx, Caddy) and add --behind-proxy (see the README, "Running it for an office").
cli-serve-open = No account yet: the workspace is open to this machine only (single-user mode); every change is recorded as 本机.
cli-backup-exists = { $path } exists: a backup never overwrites a file; name another
cli-opinion-none = No report chosen
cli-opinion-one-docx = { $n } { $n ->
        [one] report
       *[other] reports
    } chosen and a .docx or .pdf holds one; write a .zip or a folder
cli-opinion-written = { $n } draft opinions written: { $path }
cli-opinion-sent = { $n } opinions sent: { $path }
cli-organs-col-id = id
cli-organs-col-name = name
cli-organs-col-level = level
cli-organs-col-region = region
cli-organs-col-division = division code
cli-organs-col-years = years
cli-organs-col-reports = reports
cli-organs-col-names = names in the reports
cli-serve-addr-in-use = the address { $addr } is in use: another program (another xxgk serve, perhaps) has that port; choose another with --addr
cli-serve-cannot-bind = cannot serve on { $addr }: { $why }
