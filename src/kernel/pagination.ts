export const PAGE_SIZE = 25;

export interface Pagination {
  page: number;
  pageCount: number;
  total: number;
  previousHref?: string;
  nextHref?: string;
  pages: { number?: number; href?: string; current?: boolean }[];
}

/** Links for a paginated list that keep the list's filters (`query`) and change only `page`. */
export function paginate(options: {
  path: string;
  query: Record<string, string | undefined>;
  page: number;
  total: number;
  pageSize?: number;
}): Pagination {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const pageCount = Math.max(1, Math.ceil(options.total / pageSize));
  const page = Math.min(options.page, pageCount);
  const href = (n: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query)) if (value) params.set(key, value);
    if (n > 1) params.set('page', String(n));
    const search = params.toString();
    return search ? `${options.path}?${search}` : options.path;
  };
  const shown = [...new Set([1, page - 1, page, page + 1, pageCount])]
    .filter((n) => n >= 1 && n <= pageCount)
    .sort((a, b) => a - b);
  const pages: Pagination['pages'] = [];
  shown.forEach((n, index) => {
    const previous = shown[index - 1];
    if (previous !== undefined && n - previous > 1) pages.push({});
    pages.push({ number: n, href: href(n), current: n === page });
  });
  return {
    page,
    pageCount,
    total: options.total,
    previousHref: page > 1 ? href(page - 1) : undefined,
    nextHref: page < pageCount ? href(page + 1) : undefined,
    pages,
  };
}
