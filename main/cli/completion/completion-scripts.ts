/**
 * The completion scripts `cognito-broker completion <shell>` prints. Each one hands the words before the
 * cursor to `cognito-broker __complete -- WORDS... c:CURRENT` and shows what comes back: one candidate a line
 * (`value<TAB>description`), then `:none`, `:files` or `:commands` when the shell's own file or program
 * completion should take over. The current word travels with a `c:` prefix because Windows PowerShell drops
 * empty arguments to native programs. Every decision lives in complete-words.ts, so the four scripts agree.
 */
export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

const PROGRAM = 'cognito-broker';

const bash = `# bash completion for ${PROGRAM}. Load it with: source <(${PROGRAM} completion bash)
_cognito_broker() {
  local line="\${COMP_LINE:0:COMP_POINT}" cur="" out directive candidate prefix
  local -a words
  # Words split on blanks only: role ARNs hold ':' and bash's own split (COMP_WORDBREAKS) would cut them.
  read -r -a words <<< "$line"
  if [[ "$line" =~ [[:space:]]$ ]]; then cur=""; else cur="\${words[\${#words[@]}-1]}"; unset 'words[\${#words[@]}-1]'; fi
  out="$(${PROGRAM} __complete -- "\${words[@]:1}" "c:$cur" 2>/dev/null)" || return 0
  directive="\${out##*:}"
  COMPREPLY=()
  case "$directive" in
    files) COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;
    commands) COMPREPLY=($(compgen -c -- "$cur")); return 0 ;;
  esac
  # bash replaces only the part of the word after the last ':' (or '='): hand back that part.
  prefix=""
  if [[ "$cur" == *[:=]* ]]; then prefix="\${cur%"\${cur##*[:=]}"}"; fi
  while IFS= read -r candidate; do
    [[ -z "$candidate" || "$candidate" == :* ]] && continue
    candidate="\${candidate%%$'\\t'*}"
    COMPREPLY+=("\${candidate#"$prefix"}")
  done <<< "$out"
  return 0
}
complete -o default -o nosort -F _cognito_broker ${PROGRAM} 2>/dev/null || complete -o default -F _cognito_broker ${PROGRAM}
`;

const zsh = `#compdef ${PROGRAM}
# zsh completion for ${PROGRAM}. Load it with: source <(${PROGRAM} completion zsh)  (after compinit)
_cognito_broker() {
  local -a lines items
  local out directive line value description
  out="$(${PROGRAM} __complete -- "\${(@)words[2,CURRENT-1]}" "c:\${words[CURRENT]}" 2>/dev/null)" || return 1
  lines=("\${(@f)out}")
  directive="\${lines[-1]#:}"
  case "$directive" in
    files) _files; return ;;
    commands) _command_names -e; return ;;
  esac
  for line in "\${(@)lines[1,-2]}"; do
    [[ -z "$line" ]] && continue
    value="\${line%%$'\\t'*}"
    if [[ "$line" == *$'\\t'* ]]; then description="\${line#*$'\\t'}"; else description=""; fi
    items+=("\${value//:/\\\\:}\${description:+:$description}")
  done
  (( \${#items} )) && _describe -t values '${PROGRAM}' items
}
if (( $+functions[compdef] )); then compdef _cognito_broker ${PROGRAM}; fi
`;

const fish = `# fish completion for ${PROGRAM}. Load it with: ${PROGRAM} completion fish | source
function __cognito_broker_complete
    set -l words (commandline -opc)
    set -l out (${PROGRAM} __complete -- $words[2..-1] "c:"(commandline -ct) 2>/dev/null)
    or return
    test (count $out) -gt 0; or return
    set -l directive (string replace -r '^:' '' -- $out[-1])
    set -e out[-1]
    switch $directive
        case files
            __fish_complete_path (commandline -ct)
        case commands
            complete -C (commandline -ct)
        case '*'
            printf '%s\\n' $out
    end
end
complete -c ${PROGRAM} -e
complete -c ${PROGRAM} -f -a '(__cognito_broker_complete)'
`;

const powershell = `# PowerShell completion for ${PROGRAM}. Load it with:
#   ${PROGRAM} completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName '${PROGRAM}' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = @($commandAst.CommandElements | Select-Object -Skip 1 |
        Where-Object { $_.Extent.EndOffset -lt $cursorPosition -or ($_.Extent.EndOffset -eq $cursorPosition -and $wordToComplete -eq '') } |
        ForEach-Object { $_.Extent.Text })
    $out = @(& '${PROGRAM}' __complete -- @words "c:$wordToComplete" 2>$null)
    if ($out.Count -eq 0) { return }
    $directive = $out[-1].TrimStart(':')
    if ($directive -eq 'files') {
        Get-ChildItem -Path "$wordToComplete*" -ErrorAction SilentlyContinue | ForEach-Object {
            [System.Management.Automation.CompletionResult]::new($_.Name, $_.Name, 'ProviderItem', $_.Name)
        }
        return
    }
    if ($directive -eq 'commands') {
        Get-Command -Name "$wordToComplete*" -ErrorAction SilentlyContinue | ForEach-Object {
            [System.Management.Automation.CompletionResult]::new($_.Name, $_.Name, 'Command', $_.Name)
        }
        return
    }
    foreach ($line in ($out | Select-Object -First ($out.Count - 1))) {
        if (-not $line) { continue }
        $parts = $line -split "\`t", 2
        $tip = if ($parts.Count -gt 1 -and $parts[1]) { $parts[1] } else { $parts[0] }
        $kind = if ($parts[0].StartsWith('-')) { 'ParameterName' } else { 'ParameterValue' }
        [System.Management.Automation.CompletionResult]::new($parts[0], $parts[0], $kind, $tip)
    }
}
`;

export const COMPLETION_SCRIPTS: Record<CompletionShell, string> = { bash, zsh, fish, powershell };
