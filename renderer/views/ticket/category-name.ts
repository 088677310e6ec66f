import { useTranslation } from 'react-i18next';
import { useCall } from '../../api/client';

/** A category path (`hardware/disk`) as its name in the UI's language; a path outside the tree stays as it is. */
export function useCategoryName(): (path: string) => string {
  const { i18n } = useTranslation();
  const categories = useCall('tickets.categories', {}, { staleTime: Infinity });
  const fr = i18n.language.startsWith('fr');
  return (path) => {
    const node = categories.data?.find((c) => c.path === path);
    return node ? (fr ? node.fr : node.en) : path;
  };
}
