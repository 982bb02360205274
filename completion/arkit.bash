# bash completion for the arkit commands (ar-age, ar-apply, ar-import,
# ar-ledger, ar-report, ar-statement, ar-writeoff and any ar-* to come).
#
# The options are read from the command's own usage text (--help), so
# they are those of the version installed; the words an option takes
# ("--type open-item|activity") from there too.  make install puts this
# file in share/bash-completion/completions under each command's name.

# _arkit_usage CMD: the usage text of CMD, kept for the shell's life
_arkit_usage()
{
	local var="_arkit_usage_${1//[^a-zA-Z0-9]/_}"
	if [[ -z ${!var+set} ]]; then
		printf -v "$var" '%s' "$("$1" --help 2>/dev/null)"
	fi
	printf '%s\n' "${!var}"
}

# _arkit_options CMD: every long option of CMD, and the long forms of the
# short options its usage shows
_arkit_options()
{
	local usage
	usage=$(_arkit_usage "$1")
	{
		grep -oE -- '--[a-z][a-z0-9-]*' <<<"$usage"
		echo --help --version --db --quiet
		grep -qE -- '-f (FMT|[a-z|]+)' <<<"$usage" && echo --format
		grep -qE -- '-o (FILE|DIR)' <<<"$usage" && echo --output
		grep -qE -- '\[-[a-z]*n[a-z]*\]' <<<"$usage" && echo --dry-run
		grep -qE -- '\[-[a-z]*v[a-z]*\]' <<<"$usage" && echo --verbose
	} | tr ' ' '\n' | sort -u
}

# _arkit_words CMD OPTION: the words OPTION takes, when the usage lists
# them ("--type open-item|activity", "-f text|html|csv")
_arkit_words()
{
	local usage
	usage=$(_arkit_usage "$1")
	grep -oE -- "(^|[[ ])$2 [a-z0-9_-]+(\|[a-z0-9_-]+)+" <<<"$usage" |
		head -1 | sed -E 's/^.* //' | tr '|' ' '
}

_arkit()
{
	local cmd=${COMP_WORDS[0]##*/} cur prev words
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	COMPREPLY=()

	case $prev in
	-d|--db)
		COMPREPLY=($(compgen -f -X '!*.db' -- "$cur") $(compgen -d -- "$cur"))
		return ;;
	-f|--format)
		words=$(_arkit_words "$cmd" -f)
		COMPREPLY=($(compgen -W "${words:-csv tsv json table}" -- "$cur"))
		return ;;
	-t|--type)
		words=$(_arkit_words "$cmd" --type)
		[[ $cmd == ar-import ]] && words="customers invoices credits payments applications activities targets"
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
		return ;;
	--encoding)
		COMPREPLY=($(compgen -W "utf-8 cp1252 latin1" -- "$cur"))
		return ;;
	-o|--output|--xlsx|--from-csv|--rejects|--journal)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--*)
		words=$(_arkit_words "$cmd" "$prev")
		if [[ -n $words ]]; then
			COMPREPLY=($(compgen -W "$words" -- "$cur"))
			return
		fi
		# an option that takes a value the usage names in capitals
		if grep -qE -- "$prev [A-Z]" <<<"$(_arkit_usage "$cmd")"; then
			return
		fi ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_arkit_options "$cmd")" -- "$cur"))
		return
	fi
	case $cmd in
	ar-ledger)
		local i sub=
		for ((i = 1; i < COMP_CWORD; i++)); do
			case ${COMP_WORDS[i]} in
			init|set|get|check|batches|close|backup|rebuild|upgrade)
				sub=${COMP_WORDS[i]}; break ;;
			esac
		done
		case $sub in
		'')
			COMPREPLY=($(compgen -W "init set get check batches close backup rebuild upgrade" -- "$cur")) ;;
		set|get)
			# the keys the ledger knows, when there is one to ask
			[[ $prev == "$sub" ]] && COMPREPLY=($(compgen -W \
				"$(ar-ledger get -f csv 2>/dev/null |
				awk -F, '/^[a-z]+\.[a-z_.]+,/ { print $1 }')" -- "$cur")) ;;
		backup)
			COMPREPLY=($(compgen -f -- "$cur")) ;;
		esac ;;
	ar-report)
		# the reports of ar-report(1)
		COMPREPLY=($(compgen -W "kpi trend customers worklist forecast backtest unapplied disputes collectors promises aging detail" -- "$cur")) ;;
	ar-credit|ar-dispute)
		# the first word after the options is the subcommand
		local i
		for ((i = 1; i < COMP_CWORD; i++)); do
			[[ ${COMP_WORDS[i]} != -* ]] && return
		done
		if [[ $cmd == ar-credit ]]; then
			COMPREPLY=($(compgen -W "check override hold release log review" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "open note assign list resolve" -- "$cur"))
		fi ;;
	ar-note)
		# after the customer, the kind of entry
		[[ $COMP_CWORD -ge 2 && ${COMP_WORDS[COMP_CWORD - 2]} != -* ]] &&
			COMPREPLY=($(compgen -W "call email letter visit note promise plan contact" -- "$cur")) ;;
	*)
		COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
}

complete -F _arkit ar-age ar-apply ar-credit ar-dispute ar-dun ar-import \
	ar-ledger ar-note ar-report ar-statement ar-writeoff
