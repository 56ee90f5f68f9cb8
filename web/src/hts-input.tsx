// An HTS code field with search-as-you-type (GET /api/search): an ARIA combobox, usable with the keyboard
// (arrows to move, Enter to pick, Escape to close).
import { useState } from 'preact/hooks';
import { api } from './api';
import { useAsync, useDebounced } from './hooks';

interface Props {
  id: string;
  value: string;
  onInput: (v: string) => void;
  /** Called when a search hit is picked (after onInput). */
  onPick?: (hts: string) => void;
  placeholder?: string;
  required?: boolean;
  describedBy?: string;
}

export function HtsInput(props: Props) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const text = useDebounced(props.value.trim(), 250);
  // Words search the descriptions; a code (digits and dots) is already what the field wants.
  const searchable = open && text.length >= 3 && /[a-z]/i.test(text);
  const found = useAsync(searchable ? text : null, (signal) => api.search(text, 8, signal));
  const hits = searchable ? (found.data?.hits ?? []) : [];
  const listId = `${props.id}-list`;
  const shown = open && searchable && (hits.length > 0 || found.loading || found.error !== null);

  const pick = (hts: string) => {
    props.onInput(hts);
    setOpen(false);
    setActive(-1);
    props.onPick?.(hts);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' && hits.length) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a + 1) % hits.length);
    } else if (e.key === 'ArrowUp' && hits.length) {
      e.preventDefault();
      setActive((a) => (a <= 0 ? hits.length - 1 : a - 1));
    } else if (e.key === 'Enter' && shown && active >= 0 && hits[active]) {
      e.preventDefault();
      pick(hits[active].hts);
    } else if (e.key === 'Escape') {
      setOpen(false);
      setActive(-1);
    }
  };

  return (
    <div class="combo">
      <input
        id={props.id}
        name={props.id}
        type="text"
        role="combobox"
        autocomplete="off"
        spellcheck={false}
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown && active >= 0 ? `${listId}-${active}` : undefined}
        aria-describedby={props.describedBy}
        placeholder={props.placeholder}
        required={props.required}
        value={props.value}
        onInput={(e) => {
          props.onInput((e.currentTarget as HTMLInputElement).value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      <ul id={listId} role="listbox" class="combo-list" hidden={!shown} aria-label="Matching HTS lines">
        {found.loading && hits.length === 0 ? <li class="muted">Searching…</li> : null}
        {found.error !== null ? <li class="muted">Search failed</li> : null}
        {hits.map((h, i) => (
          <li
            key={h.hts}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            class={i === active ? 'active' : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              pick(h.hts);
            }}
          >
            <span class="code">{h.hts}</span> <span class="hit-path">{h.path.join(' › ')}</span>{' '}
            <span class="muted">({h.general})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The labelled HTS field of the forms: the search-as-you-type input and its help line. */
export function HtsField(props: { value: string; onInput: (v: string) => void }) {
  return (
    <div class="field wide">
      <label for="hts">HTS code or words</label>
      <HtsInput
        id="hts"
        value={props.value}
        onInput={props.onInput}
        placeholder="6109.10.0012 or cotton t-shirt"
        describedBy="hts-help"
        required
      />
      <small id="hts-help">Type a code, or words to search the schedule (↓ to pick)</small>
    </div>
  );
}
