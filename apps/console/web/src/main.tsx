import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ClickPathPage } from './pages/ClickPath';
import { PipelinePage } from './pages/Pipeline';
import { QualityPage } from './pages/Quality';
import { RevenuePage } from './pages/Revenue';
import { StorefrontPage } from './pages/Storefront';
import './styles.css';

const PAGES = [
  { path: 'storefront', title: 'Storefront', render: () => <StorefrontPage /> },
  { path: 'pipeline', title: 'Pipeline', render: () => <PipelinePage /> },
  { path: 'quality', title: 'Data quality', render: () => <QualityPage /> },
  { path: 'revenue', title: 'Revenue', render: () => <RevenuePage /> },
  { path: 'click-path', title: 'Click path', render: () => <ClickPathPage /> },
] as const;

function currentPath(): string {
  const hash = window.location.hash.replace(/^#\/?/, '');
  return PAGES.some((p) => p.path === hash) ? hash : 'storefront';
}

/** Pages by hash (#/quality): the server needs no routes of its own for them. */
function App() {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const onHash = () => setPath(currentPath());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const page = PAGES.find((p) => p.path === path)!;
  useEffect(() => {
    document.title = `${page.title} · Shelflife console`;
  }, [page]);
  return (
    <>
      <header>
        <span className="brand">Shelflife</span>
        <nav aria-label="Console pages">
          <ul>
            {PAGES.map((p) => (
              <li key={p.path}>
                <a href={`#/${p.path}`} aria-current={p.path === path ? 'page' : undefined}>
                  {p.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main>
        <h1>{page.title}</h1>
        {page.render()}
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
