"""``manage.py tally FILE [--rule-set CODE] --json`` — trial calculation (SPEC §5).

Reads one JSON scenario (kinds vc, party, recommendation, vc_committee,
party_margin, party_entitlement), runs it through the rule functions the real
counting uses (``elections.rules`` via ``elections.trial``) under the default
rule set or ``--rule-set CODE`` (its newest version), and prints::

    {"valid": bool, "refused": bool, "findings": [{"rule", "passed", "message"}],
     "elected": {…}, "shortfall": {…}}

(plus ``"entitled"`` for party_entitlement). Messages are Chinese. Nothing is
written. Exit status 0 whatever the outcome; 2 when the file is malformed or the
rule set unknown (a Chinese message on stderr says what is wrong).
"""

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from elections import trial


class Command(BaseCommand):
    help = "Trial calculation of an election scenario (JSON), no database writes."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the JSON scenario, or - for stdin")
        parser.add_argument(
            "--rule-set",
            metavar="CODE",
            help="code of the rule set (its newest version); default: the default set",
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                scenario = trial.loads(self._read(options["file"]))
                rule_set = trial.rule_set_for(options["rule_set"])
            except (trial.ScenarioError, trial.RuleSetError) as error:
                raise CommandError(str(error), returncode=2) from None
            result = trial.evaluate(scenario, rule_set.book())
            if options["json"]:
                self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            else:
                self._print(result, rule_set)

    def _read(self, name: str) -> str:
        if name == "-":
            return sys.stdin.read()
        path = Path(name)
        if not path.is_file():
            raise trial.ScenarioError(_("File not found: %(path)s") % {"path": name})
        try:
            return path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise trial.ScenarioError(
                _("The file is not UTF-8 text: save the scenario as UTF-8 JSON.")
            ) from None
        except OSError as error:
            raise trial.ScenarioError(
                _("The file cannot be read: %(error)s") % {"error": error.strerror}
            ) from None

    def _print(self, result, rule_set):
        data = result.as_json()
        self.stdout.write(_("Rule set: %(name)s") % {"name": rule_set})
        if data["refused"]:
            self.stdout.write(_("Refused: the numbers are impossible."))
        elif data["valid"]:
            self.stdout.write(_("Valid."))
        else:
            self.stdout.write(_("Invalid."))
        for finding in data["findings"]:
            mark = "✓" if finding["passed"] else "✗"
            self.stdout.write(f"  {mark} [{finding['rule']}] {finding['message']}")
        for post, names in data["elected"].items():
            self.stdout.write(
                _("Elected %(post)s: %(names)s")
                % {"post": post, "names": "、".join(names) or "—"}
            )
        for post, count in data["shortfall"].items():
            self.stdout.write(
                _("Seats left for a separate election, %(post)s: %(count)s")
                % {"post": post, "count": count}
            )
        if "entitled" in data:
            self.stdout.write(
                _("Entitled to vote: %(count)s") % {"count": data["entitled"]}
            )
