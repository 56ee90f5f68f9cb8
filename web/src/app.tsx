// The shell: header, navigation and the page of the current path.
import { useEffect } from 'preact/hooks';
import { useLocation } from './router';
import { Link } from './ui';
import { QuotePage } from './pages/quote';
import { BrowsePage } from './pages/browse';
import { EntriesPage } from './pages/entries';
import { CountriesPage } from './pages/countries';
import { RatesPage } from './pages/rates';
import { ScenariosPage } from './pages/scenarios';
import { DiffPage } from './pages/diff';

const PAGES = [
  { path: '/', name: 'Quote', title: 'Quote a line' },
  { path: '/browse', name: 'Browse', title: 'Browse the HTS' },
  { path: '/countries', name: 'Countries', title: 'Compare countries' },
  { path: '/scenarios', name: 'Scenarios', title: 'Scenarios' },
  { path: '/entries', name: 'Entries', title: 'Entries' },
  { path: '/rates', name: 'Effective rates', title: 'Effective rates' },
] as const;

/** Views reached from a page of the navigation (which stays marked). */
const VIEWS: Record<string, { parent: string; title: string }> = {
  '/diff': { parent: '/browse', title: 'Compare revisions' },
};

export function App() {
  const { path, query } = useLocation();
  const view = VIEWS[path];
  const current = view?.parent ?? path;
  const page = PAGES.find((p) => p.path === current);
  const title = view?.title ?? page?.title ?? 'Not found';
  useEffect(() => {
    document.title = `${title} · tariff`;
  }, [title]);
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <div class="wrap">
          <Link href="/" class="brand">
            tariff
          </Link>
          <span class="tagline">US import duties, exactly</span>
          <nav aria-label="Pages">
            {PAGES.map((p) => (
              <Link key={p.path} href={p.path} aria-current={p.path === current ? 'page' : undefined}>
                {p.name}
              </Link>
            ))}
            <a href="/docs">API docs</a>
          </nav>
        </div>
      </header>
      <main id="main" class="wrap" tabIndex={-1}>
        {path === '/' ? (
          <QuotePage query={query} />
        ) : path === '/browse' ? (
          <BrowsePage query={query} />
        ) : path === '/countries' ? (
          <CountriesPage query={query} />
        ) : path === '/diff' ? (
          <DiffPage query={query} />
        ) : path === '/scenarios' ? (
          <ScenariosPage query={query} />
        ) : path === '/entries' ? (
          <EntriesPage />
        ) : path === '/rates' ? (
          <RatesPage query={query} />
        ) : (
          <section>
            <h1>Page not found</h1>
            <p>
              There is no page at <code>{path}</code>. <Link href="/">Go to the quote page</Link>.
            </p>
          </section>
        )}
      </main>
    </>
  );
}
