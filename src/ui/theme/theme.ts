import { create } from 'zustand';

export type Theme = 'light' | 'dark';

/** localStorage key for the theme the user picked; absent until they pick one. */
export const THEME_STORAGE_KEY = 'coap-playground:theme';

function storedTheme(): Theme | undefined {
  try {
    const value = localStorage.getItem(THEME_STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : undefined;
  } catch {
    return undefined; // storage disabled (privacy mode, sandboxed iframe): fall back to the system
  }
}

/** The user's stored choice, else the system's `prefers-color-scheme`. */
export function initialTheme(): Theme {
  return storedTheme() ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
}

/** Puts the theme on <html>: the `dark` class drives Tailwind's `dark:` variant (src/index.css). */
export function applyTheme(theme: Theme): void {
  document.documentElement.classList.toggle('dark', theme === 'dark');
}

interface ThemeState {
  theme: Theme;
  toggle: () => void;
}

export const useTheme = create<ThemeState>()((set, get) => ({
  theme: initialTheme(),
  toggle: () => {
    const theme: Theme = get().theme === 'dark' ? 'light' : 'dark';
    try {
      localStorage.setItem(THEME_STORAGE_KEY, theme);
    } catch {
      // not remembered, but the page still switches
    }
    applyTheme(theme);
    set({ theme });
  },
}));
