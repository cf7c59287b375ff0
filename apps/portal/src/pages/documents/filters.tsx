import { languageName } from '../../doc-links';
import { t, type MessageKey } from '../../i18n';
import type { Documents } from './documents-state';
import { DISTRIBUTIONS, distributionLabel, DOCUMENT_LANGUAGES, DOCUMENT_TYPES } from './shared';

function FilterSelect(props: {
  id: string;
  label: MessageKey;
  all: MessageKey;
  value: string;
  options: [string, string][];
  set: (v: string) => void;
}) {
  return (
    <div class="field field-inline">
      <label for={props.id}>{t(props.label)}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.set(e.currentTarget.value)}>
        <option value="">{t(props.all)}</option>
        {props.options.map(([v, text]) => (
          <option value={v}>{text}</option>
        ))}
      </select>
    </div>
  );
}

/** Language, type and (signed in) distribution; the focus stays on the filter just changed. */
export function Filters({ docs }: { docs: Documents }) {
  const { type, distribution } = docs;
  const clear = () => {
    type.value = '';
    distribution.value = '';
    docs.filtersChanged('doc-filter-type');
  };
  return (
    <div class="filters doc-filters">
      <div class="filter-fields" role="group" aria-label={t('docs.filters')}>
        <FilterSelect
          id="doc-filter-language"
          label="docs.language"
          all="docs.allLanguages"
          value={docs.language.value}
          options={DOCUMENT_LANGUAGES.map((l) => [l, languageName(l)])}
          set={docs.setLanguage}
        />
        <FilterSelect
          id="doc-filter-type"
          label="docs.type"
          all="docs.allTypes"
          value={type.value}
          options={DOCUMENT_TYPES.map((ty) => [ty, t(`docs.type.${ty}`)])}
          set={(v) => {
            type.value = v;
            docs.filtersChanged('doc-filter-type');
          }}
        />
        {docs.signedIn ? (
          <FilterSelect
            id="doc-filter-distribution"
            label="docs.distribution"
            all="docs.allDistributions"
            value={distribution.value}
            options={DISTRIBUTIONS.filter((d) => docs.secretariat || d !== 'secretariat').map((d) => [d, t(distributionLabel(d))])}
            set={(v) => {
              distribution.value = v;
              docs.filtersChanged('doc-filter-distribution');
            }}
          />
        ) : null}
        {type.value || distribution.value ? (
          <button type="button" class="link-button clear-filters" onClick={clear}>
            {t('docs.clearFilters')}
          </button>
        ) : null}
      </div>
      {docs.newIds.value.size ? <p class="zone-note">{t('docs.newSince')}</p> : null}
    </div>
  );
}
