"""Every message a user can see, in one catalogue; each says what to do.

Library code raises :class:`IEError` subclasses with a code from
:class:`Errors`; only ``ie/cli`` prints them (one line, no traceback).
"""
from __future__ import annotations


class Errors:
    """Message templates, formatted with ``str.format`` keyword arguments."""

    E001 = "{path}: file not found. Check the path, or pass a folder of reports."
    E002 = "{path}: file is empty. Remove it from the batch or re-export the report."
    E003 = "{path}: looks binary (NUL bytes), not text. Pass a .txt export of the report."
    E004 = ("{path}: cannot decode as UTF-8 or GB18030 (first bad byte at {offset}). "
            "Re-save the file as UTF-8.")
    E005 = ("{path}: {size_mb:.1f} MB is over the {limit_mb} MB limit for one report. "
            "Split the file, or raise the limit with --max-mb.")
    E006 = ("{path}: no report files (*.txt, *.docx, *.doc, *.wps, *.pdf, *.ofd, *.xlsx, *.xls, *.et, "
            "*.csv, *.html) found in this folder. Point ie at a folder of reports.")
    E007 = ("{path}: unsupported file type '{suffix}'. Convert it to .txt (UTF-8), "
            "or save it as .docx, .pdf, .doc, .wps, .ofd, .xlsx, .xls, .et, .csv or .html.")
    E008 = "{path}: cannot read ({reason}). Check the file's permissions."
    E009 = ("{path}: unexpected error while extracting ({reason}). The other files were processed; "
            "please report this file to the maintainers.")
    E016 = "Unknown ops '{ops}' for ie.load. Choose one of: {choices}."
    E017 = "Unknown order '{order}' of rules and ner. Choose one of: {choices}."
    E015 = ("{path}: {chars} characters is more than the model's limit of {limit} per document. "
            "Split the report into parts (e.g. by chapter) and extract them separately.")
    E010 = ("Model '{model}' not found. Use a folder under models/ (see README) or "
            "'--model rules' for the rules-only pipeline.")
    E011 = ("Unknown segmenter '{name}'. Choose one of: {choices}.")
    E012 = ("pkuseg model not found in {path}. Run 'ie segment fetch-pkuseg' once to download "
            "and verify it (needs access to PyPI).")
    E013 = ("pkuseg package hash mismatch: expected {expected}, got {actual}. The download is "
            "corrupt or tampered with; delete {path} and run 'ie segment fetch-pkuseg' again.")
    E014 = "Could not download pkuseg from PyPI: {reason}. Check the network or pip configuration."
    E020 = "{path}:{line}: not valid JSON ({reason}). Fix the line or re-export it from doccano."
    E021 = "{path}:{line}: {problem}"
    E022 = "{path}: no such annotation file. Check the path."
    E023 = ("{path}: no such folder of source reports. Pass the folder that holds the raw .txt "
            "reports (e.g. annotations/raw) with --sources.")
    E024 = ("{source}: units {first} and {second} disagree where they overlap (report offset "
            "{offset}). Re-cut both units from the same report text.")
    E025 = ("Unit {id} has no usable {field}. Run 'ie annotations validate' on the file "
            "and fix that line.")
    E026 = ("Report {source} would be in more than one split ({splits}). List each report in "
            "exactly one split.")
    E027 = ("{count} unit(s) come from reports in no split ({sources}). Add those reports to the "
            "split, or mark synthetic passages with meta.synthetic = true.")
    E028 = ("Unit at {source} offset {doc_start} appears {count} times. Pass each unit once "
            "(e.g. only the adjudicated file, not both annotators' files).")
    E029 = "{path}: cannot read source report ({reason}). Check that it is a UTF-8 .txt file."
    E031 = ("{path}: not a sources table (tab-separated, with the columns {columns}). "
            "Pass the corpus's sources.tsv.")
    E030 = "Output folder {path} is not writable ({reason}). Choose another --output."
    # --- E040-E069: input formats and hostile input (ie/io) ---
    E040 = ("{path}: named {suffix} but the content is not {expected} (it looks like {found}). "
            "Export the report again, or rename the file to match its content.")
    E041 = ("{path}: not a regular file ({kind}). Pass a report file (.txt, .docx, .doc, .pdf, .ofd, "
            ".xlsx, .xls, .csv or .html), not a pipe, socket or device.")
    E042 = ("{path}: broken symbolic link ({reason}). Point the link at an existing report file, "
            "or remove it.")
    E043 = ("{path}: refused as a possible ZIP bomb: it would unpack to {size_mb:.0f} MB in {members} "
            "member(s), compression up to {ratio:.0f}:1 (limits {limit_mb} MB, {limit_ratio}:1). "
            "Open and re-save it in Word/Excel, or export the report as .pdf or .txt.")
    E044 = ("{path}: damaged or truncated {kind} file ({reason}). Export or download the report "
            "again, or re-save it with the program that made it.")
    E045 = ("{path}: a ZIP archive but not a Word (.docx), Excel (.xlsx) or OFD document. Unpack it and "
            "pass the report inside, or save the report as .docx.")
    E046 = ("{path}: a binary Office file that is neither a Word (.doc/.wps) nor an Excel (.xls/.et) "
            "document (a .ppt?). Save the report as .docx, .xlsx or .pdf and try again.")
    E047 = ("{path}: PDF with {pages} page(s) but no text layer (a scan or images only). Run OCR on it "
            "first (e.g. ocrmypdf), or pass a text export of the report.")
    E048 = ("{path}: PDF is encrypted or password-protected. Save an unprotected copy "
            "(print to PDF, or remove the password) and try again.")
    E049 = ("{path}: no text found in this {kind} document. Check that it is the report and not an "
            "empty template or a scan, or pass a .txt export.")
    E050 = ("{path}: more than {limit} characters of text extracted. Split the report, or raise the "
            "limit with --max-mb.")
    E051 = ("{path}: tables nested more than {limit} levels deep. Flatten the nested tables "
            "(or export the report as .txt) and try again.")
    E052 = ("{path}: {kind} file has more than {limit} parts or sheets. Split the document, or export "
            "the report as .txt.")
    E053 = ("{path}: reading {kind} files needs the 'catdoc' program, which is not installed. "
            "Install it (Debian/Ubuntu: apt-get install catdoc), or save the report as .docx.")
    E054 = ("{path}: cannot read this {kind} file ({reason}). Open it in WPS or Word and save it as "
            ".docx (or .xlsx), then try again.")
    E055 = ("{path}: skipped: {suffix} is not a report format ie reads (.txt, .docx, .doc, .wps, .pdf, "
            ".ofd, .xlsx, .xls, .et, .csv, .html). Convert the file if it is a report.")
    # --- end input formats ---
    # --- E070-E099: batch extraction (ie/batch) ---
    E070 = ("{path} holds an unfinished extraction ({done} document(s) done). Pass --resume to "
            "finish it, or choose a new --output.")
    E071 = ("Another 'ie extract' is writing to {path}. Wait for it to finish, or choose "
            "another --output.")
    E072 = ("The run journaled in {path} used model '{journal_model}' {journal_version} "
            "(segmenter {journal_segmenter}), not '{model}' {version} (segmenter {segmenter}). "
            "Resume with the same --model and --segmenter, or choose a new --output.")
    E073 = ("{path}: the worker process died while extracting this file ({reason}). The other files "
            "were processed; split the file if it is very large, or report it to the maintainers.")
    E074 = ("{path}: extraction took longer than {seconds:g} s and was stopped. Split the file, "
            "or raise the limit with --timeout.")
    E075 = ("Model '{model}' could not be loaded for extraction ({reason}). Pass a folder saved by "
            "'ie train' (config.cfg, meta.json, weights), or '--model rules'.")
    E076 = "--workers must be 1 or more (got {value}). Use e.g. --workers 2 on a two-core machine."
    E077 = "Unknown engine '{engine}'. Use --engine local or --engine dask."
    E078 = ("The Dask engine needs dask.distributed, which is not installed. Install the extra: "
            "pip install -e '.[dask]' (or pip install 'dask[distributed]').")
    E079 = ("No Dask scheduler answers at {address} ({reason}). Check the address, start one "
            "with 'dask scheduler', or drop --scheduler to run a local cluster.")
    E080 = "--scheduler applies to --engine dask only. Add --engine dask, or drop --scheduler."
    E081 = "--timeout must be 0 (no limit) or more seconds (got {value})."
    E083 = ("{path} holds a finished extraction ({done} document(s)). Pass --resume to add new reports to it, "
            "--overwrite to replace it, or choose a new --output.")
    E082 = ("{path}: the work journal cannot be read ({reason}). Delete {path} to start over, "
            "or choose a new --output.")
    # --- E100-E199: doccano (ie/doccano) ---
    E100 = ("No doccano server answers at {url} ({reason}). Start one with 'ie doccano serve', "
            "or point IE_DOCCANO_URL / --url at a running server.")
    E101 = ("doccano at {url} refused the login of user '{user}'. Check IE_DOCCANO_USER and "
            "IE_DOCCANO_PASSWORD (the admin of 'ie doccano serve' is the user it was first started with).")
    E102 = ("No doccano credentials: {missing} not set and no terminal to ask on. "
            "Set IE_DOCCANO_USER and IE_DOCCANO_PASSWORD in the environment.")
    E103 = ("No doccano project named '{project}' at {url} that user '{user}' is a member of "
            "(visible: {available}). Check --project, or create it with 'ie doccano push'.")
    E104 = ("doccano project '{project}' is a {kind} project; ie needs a sequence-labeling project "
            "with relations. Use another --project name and 'ie doccano push' creates one.")
    E105 = ("doccano project '{project}' counts offsets in grapheme clusters (grapheme mode), which ie "
            "cannot map back to code points exactly. Turn grapheme mode off in the project's settings.")
    E106 = ("doccano answered {status} to {method} {path}: {detail}. Check the server log "
            "({log}) and try again.")
    E107 = ("User '{user}' may not {action} in doccano (HTTP 403). Ask a project admin to do it, "
            "or use an admin account in IE_DOCCANO_USER.")
    E108 = ("doccano's export did not finish within {seconds} s: the task worker is probably not "
            "running. Restart the server with 'ie doccano serve --stop' then 'ie doccano serve'.")
    E109 = "doccano's export failed on the server: {reason}. Check the worker log ({log})."
    E110 = ("Pulled annotation breaks the contract (project '{project}', annotator '{annotator}', "
            "text {record}): {problem}. Fix it in doccano and pull again.{more}")
    E111 = ("{path} already exists; a pull never overwrites it. Choose another --output, "
            "or pass --force to replace it.")
    E112 = "{path}:{line}: {problem}. Fix the record before pushing."
    E113 = ("No doccano user '{user}' at {url}. Create the account first (admin page {url}/admin/), "
            "then run the command again.")
    E114 = ("{count} text(s) of these files are not in project '{project}' yet and user '{user}' may "
            "not upload them. A project admin has to push the files first.")
    E115 = ("'{annotator}' is not a member of project '{project}' (members: {members}). "
            "Check --annotator, or add them with 'ie doccano push --annotator NAME'.")
    E116 = ("Agreement needs at least two annotators; project '{project}' has {found}. "
            "Add annotators with 'ie doccano push --annotator NAME', or name them with --annotator.")
    E117 = ("Installing doccano into {venv} failed ({reason}); the pip output is in {log}. "
            "Check access to PyPI, then run 'ie doccano serve' again.")
    E118 = ("Port {port} on 127.0.0.1 is taken by another program. Pick a free one with "
            "--port (or stop that program).")
    E119 = ("The doccano server did not become ready within {seconds} s ({reason}). "
            "See {log}, then run 'ie doccano serve --stop' and 'ie doccano serve' again.")
    E120 = "'doccano {step}' failed (exit {code}); see {log}. Fix the cause and run 'ie doccano serve' again."
    E121 = ("A doccano server started by ie already runs at {url}. Use it, or stop it with "
            "'ie doccano serve --stop' before starting one on port {port}.")
    E122 = ("{path} is the snapshot of what was pushed, but it is not readable ({reason}). Delete it "
            "and pass the pushed file with --against instead.")
    # --- end doccano ---
    # --- E200-E299: evaluation (ie/evaluation) ---
    E200 = ("{count_names} --name for {count_preds} --pred. Give one --name per --pred, "
            "in the same order (or none, to name systems after their files).")
    E201 = "No gold records in {paths}. Pass a contract JSONL file of annotated units with --gold."
    E202 = "Nothing to evaluate. Give at least one --pred FILE, or --jionlp for the JioNLP baseline."
    E203 = "Two systems are named '{name}'. Give each --pred a distinct --name."
    E204 = "{what} record {index} (id {id}) has no 'text' string. Fix or re-export that line."
    E205 = ("JioNLP is not installed; the --jionlp baseline needs it. Install the optional extra: "
            "pip install -e '.[jionlp]' (or pip install 'jionlp>=1.5').")
    E206 = "JioNLP is installed but failed to load ({reason}). Reinstall it: pip install --force-reinstall 'jionlp>=1.5'."
    E207 = ("matplotlib is not installed; the HTML report needs it. Install the extra: "
            "pip install -e '.[eval]' (or pip install 'matplotlib>=3.8').")
    E208 = "{path}: cannot write ({reason}). Choose another --out or --html path."
    E209 = "--bootstrap must be 0 or more (got {value}). Use 0 to skip the confidence intervals."
    # --- end evaluation ---
    # --- E300-E399: quantity grammar and values (ie/pipeline/quantities.py) ---
    E210 = ("Grouped cross-validation needs documents from at least two provinces (found {n} documents). "
            "Pass the derived gold and annotations/raw/derived/sources.tsv.")
    E211 = "Unknown system '{system}'. Choose one of: {systems}."
    E212 = ("The gold holds sealed test documents (annotations/sealed.txt): they are never used in "
            "cross-validation. Pass the development gold (annotations/gold/derived.jsonl) instead.")
    E300 = ("Unit '{unit}' is mapped to label '{label}', which is not a quantity label. "
            "Map every unit to one of: {labels}.")
    E301 = ("The unit table has an empty unit (mapped to '{label}'). Remove that entry or "
            "give it the unit text as written in reports (e.g. '万元').")
    E302 = ("Cannot normalize a value with label '{label}'. Use one of: {labels}.")
    E303 = ("Exclusion {phrase!r} is not a non-empty string. List slogans and names as "
            "plain text, e.g. '四个意识'.")
    # --- end quantities ---
    # --- E400-E499: training (ie/training) ---
    E400 = "No gold records in {paths}. Pass contract JSONL files of annotated units with --gold."
    E401 = ("No held-out units: no gold unit's source matches {selectors} (sources seen: {sources}). "
            "Pass --test-source with a report name or prefix such as 002.")
    E402 = ("No training units left after the split (test: {selectors}). Pass more --gold files "
            "or fewer --test-source.")
    E404 = ("Rule component '{name}' is not available ({reason}). Install or finish ie.pipeline, "
            "or train the ner alone with --no-rules.")
    E405 = "Training config {path} not found. Pass --config training/config.cfg (or another spaCy config)."
    E406 = "Training config {path} is not valid: {reason}. Fix the config or the overrides."
    E407 = "Gold record {index} (id {id}): {problem}. Fix or re-export that line."
    E409 = "Model folder {path} not found or not a spaCy pipeline. Train one with 'ie train' first."
    E410 = ("Learning-curve fractions must be in (0, 1] (got {value}). Use e.g. "
            "--fraction 0.25 --fraction 0.5.")
    E411 = ("Leave-one-report-out needs at least two real reports; found {count} ({sources}). "
            "Add gold for more reports, or pass --no-cv.")
    E412 = "Cannot write {path} ({reason}). Choose another --output."
    E413 = ("{path} already holds a model. Pass --force to replace it, or choose another --output "
            "(e.g. models/my_model).")
    E414 = ("--test-gold scores on its own files and trains on every unit of --gold: drop --train-source "
            "and --test-source.")
    E415 = ("The training gold holds sealed test documents ({sources}): they are never trained on. "
            "Pass the development gold (annotations/gold/derived.jsonl) and score the sealed set with --test-gold.")
    # --- end training ---
    # --- E500-E549: indicator keys (ie/indicators) and the consistency audit (ie/audit) ---
    E500 = ("The indicator taxonomy is not valid ({reason}). Fix the taxonomy JSON "
            "(see ie/indicators/taxonomy.json for the format) and load it again.")
    E510 = ("{path}: no predictions.jsonl here. Run 'ie extract REPORTS --output {path}' first, "
            "or point 'ie audit' at the folder an extraction wrote.")
    E511 = "{path}: line {line} is not a prediction record ({reason}). Re-run the extraction that wrote it."
    # --- end indicators and audit ---
    # --- E600-E649: review pages (ie/review) ---
    E600 = ("{path}: no predictions.jsonl here. Run 'ie extract REPORTS --output {path}' first "
            "(or add --html to it), or pass the folder an extraction wrote.")
    E601 = ("{path}: line {line} is not a prediction record ({reason}). Re-run the extraction that "
            "wrote it ('ie extract ... --overwrite'), then 'ie review' again.")
    E602 = ("{path}: line {line} is not a check result ({reason}). Run the audit again, or delete "
            "checks.jsonl to build the pages without the audit.")
    E603 = "Cannot write the review pages to {path} ({reason}). Check the folder's permissions and free space."
    # --- end review ---
    # --- E650-E679: active learning (ie/select) ---
    E650 = "Unknown selection strategy '{strategy}'. Choose one of: {choices}."
    E651 = ("Strategy '{strategy}' reads the model's signals but no model was given. Pass --model "
            "(a trained model folder such as models/ie_zh), or use --strategy random.")
    E652 = "--limit must be 0 or more (got {value}). Pass how many units to select, e.g. --limit 20."
    E653 = ("The learning curve needs {need} pool units (seed {seed} + {rounds} rounds of {step}) but the "
            "gold has only {have} outside the held-out provinces. Lower --seed-units, --step or --rounds.")
    E654 = "{path}: no units to select from. Pass a contract JSONL file of units (e.g. 'ie annotations units' output)."
    # --- end active learning ---


class IEError(Exception):
    """An error whose message is meant for the user, as one line."""

    def __init__(self, code: str, **kwargs: object) -> None:
        self.code = code
        self.kwargs = kwargs
        template = getattr(Errors, code)
        super().__init__(f"[{code}] " + template.format(**kwargs))


class InputError(IEError):
    """A report file cannot be read; the batch records it and goes on."""


class ModelError(IEError):
    """A model, segmenter or resource cannot be loaded."""


class AnnotationError(IEError):
    """An annotation file breaks the contract."""
